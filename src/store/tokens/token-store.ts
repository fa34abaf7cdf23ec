import { insertDocument } from '../insert';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { RosterError, type Actor } from '../../domain';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';

export const SCOPES = ['scim:read', 'scim:write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * A bearer token. Only the SHA-256 of the secret is stored, as `_id`: a request's token is found
 * by hashing it and looking the hash up (one indexed read, no comparison loop to time). Secrets
 * are 256 random bits, so an unsalted fast hash is the right tool: there is nothing to brute-force.
 */
interface TokenDocument {
  _id: string;
  /** Public id: how operators and the admin API name a token without its secret. */
  tokenId: string;
  tenantId: string;
  name: string;
  scopes: Scope[];
  created: Date;
  /** Registered from ROSTER_BOOTSTRAP_TOKEN: the environment owns it (src/store/bootstrap.ts). */
  fromEnvironment?: boolean;
}

export interface TokenInfo {
  id: string;
  tenantId: string;
  name: string;
  scopes: Scope[];
  created: Date;
}

const tokenSchema = new Schema<TokenDocument>(
  {
    _id: String,
    tokenId: { type: String, required: true, unique: true },
    tenantId: { type: String, required: true, index: true },
    name: { type: String, required: true },
    scopes: [String],
    created: Date,
    fromEnvironment: Boolean,
  },
  { versionKey: false, collection: 'tokens' },
);

export const BOOTSTRAP_REVOKE_REFUSED =
  'This token is ROSTER_BOOTSTRAP_TOKEN: Roster registers it again at every start, so a revoke would not last. ' +
  'Unset or change ROSTER_BOOTSTRAP_TOKEN and restart Roster; the token registered from the old value is then removed.';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function parseScopes(list: readonly string[]): Scope[] {
  const unknown = list.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0 || list.length === 0) {
    throw new RosterError(
      'invalid-value',
      `Unknown or missing scopes (${unknown.join(', ') || 'none given'}); choose from ${SCOPES.join(', ')}.`,
    );
  }
  return [...new Set(list)] as Scope[];
}

const info = (doc: TokenDocument): TokenInfo => ({
  id: doc.tokenId,
  tenantId: doc.tenantId,
  name: doc.name,
  scopes: doc.scopes,
  created: doc.created,
});

/**
 * How long a token read from the store is trusted without reading it again: the bound on how long
 * a token revoked by *another* process keeps working here. A revocation in this process drops the
 * entry at once. Unknown secrets are never cached, so a token issued elsewhere works at once.
 */
export const TOKEN_CACHE_MS = 2_000;
/** Entries kept at most; a full cache is cleared (a token is one read away). */
const TOKEN_CACHE_MAX = 10_000;

export interface TokenStoreOptions {
  audit: AuditLog;
  /** The store's clock; tests step it past TOKEN_CACHE_MS. */
  now: Clock;
  cacheMs?: number;
}

/**
 * A tenant's tokens. Issuing and revoking one are audited here (`token-issue`, `token-revoke`,
 * naming the token, never its secret), so the admin API and `roster token` leave the same rows.
 */
export function tokenStore(connection: Connection, deps: TokenStoreOptions) {
  const tokens: Model<TokenDocument> =
    connection.models.Token ?? connection.model<TokenDocument>('Token', tokenSchema);
  const now = () => deps.now().getTime();
  const cacheMs = deps.cacheMs ?? TOKEN_CACHE_MS;
  /** By secret hash: what the store said, and when. */
  const cache = new Map<string, { info: TokenInfo; readAt: number }>();

  /** Registers a secret chosen elsewhere (ROSTER_BOOTSTRAP_TOKEN); idempotent. */
  async function register(
    tenantId: string,
    name: string,
    scopes: Scope[],
    secret: string,
  ): Promise<TokenInfo> {
    const cleanName = name.trim();
    if (cleanName === '' || cleanName.length > 100) {
      throw new RosterError('invalid-value', 'Token name must be 1-100 characters.');
    }
    const doc: TokenDocument = {
      _id: hashToken(secret),
      tokenId: randomUUID(),
      tenantId,
      name: cleanName,
      scopes,
      created: deps.now(),
    };
    try {
      await insertDocument(tokens, doc);
      return info(doc);
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const existing = await tokens.findById(doc._id).lean<TokenDocument>();
      if (!existing || existing.tenantId !== tenantId) throw err;
      return info(existing);
    }
  }

  return {
    /** Issues a token and audits it; the secret is returned once and never stored. */
    async issue(
      tenantId: string,
      name: string,
      scopes: readonly string[],
      actor: Actor,
    ): Promise<TokenInfo & { secret: string }> {
      const secret = `rst_${randomBytes(32).toString('base64url')}`;
      const token = await register(tenantId, name, parseScopes(scopes), secret);
      await deps.audit.tokenChanged(tenantId, actor, 'token-issue', token);
      return { ...token, secret };
    },

    register,

    /**
     * The token a presented secret names, or null. Served from this process's cache for up to
     * TOKEN_CACHE_MS after the store last confirmed it (so another process's revocation holds
     * within that bound; this process's own, at once).
     */
    async authenticate(secret: string): Promise<TokenInfo | null> {
      const hash = hashToken(secret);
      const hit = cache.get(hash);
      const at = now();
      if (hit && at - hit.readAt < cacheMs && at >= hit.readAt) return hit.info;
      cache.delete(hash);
      const doc = await tokens.findById(hash).lean<TokenDocument>();
      if (!doc) return null;
      if (cache.size >= TOKEN_CACHE_MAX) cache.clear();
      cache.set(hash, { info: info(doc), readAt: at });
      return info(doc);
    },

    async list(tenantId: string): Promise<TokenInfo[]> {
      const docs = await tokens.find({ tenantId: { $eq: tenantId } }).lean<TokenDocument[]>();
      return docs.map(info).sort((a, b) => a.created.getTime() - b.created.getTime());
    },

    /**
     * Marks `secret`'s token as the one the environment owns (none when undefined) and removes
     * the one an earlier value registered, if any. How many were removed.
     */
    async adoptEnvironmentToken(secret: string | undefined): Promise<number> {
      const keep = secret === undefined ? undefined : hashToken(secret);
      const earlier = await tokens.deleteMany({
        fromEnvironment: true,
        ...(keep ? { _id: { $ne: keep } } : {}),
      });
      if (keep !== undefined)
        await tokens.updateOne({ _id: { $eq: keep } }, { $set: { fromEnvironment: true } });
      // Removed at start-up or by a test, rarely: forgetting every cached token is the simple bound.
      if (earlier.deletedCount > 0) cache.clear();
      return earlier.deletedCount;
    },

    /** Revokes by public id and audits it; true when a token of this tenant was revoked. */
    async revoke(tenantId: string, tokenId: string, actor: Actor): Promise<boolean> {
      const filter = { tenantId: { $eq: tenantId }, tokenId: { $eq: tokenId } };
      const token = await tokens.findOne(filter).lean<TokenDocument>();
      // A revoke of the environment's token would be undone by the next start's registration.
      if (token?.fromEnvironment) throw new RosterError('forbidden', BOOTSTRAP_REVOKE_REFUSED);
      const deleted = token !== null && (await tokens.deleteOne({ _id: token._id })).deletedCount === 1;
      // Dropped even when nothing was deleted: another process may have revoked it first.
      for (const [hash, entry] of cache) if (entry.info.id === tokenId) cache.delete(hash);
      if (token === null || !deleted) return false;
      await deps.audit.tokenChanged(tenantId, actor, 'token-revoke', info(token));
      return true;
    },
  };
}

export type TokenStore = ReturnType<typeof tokenStore>;
