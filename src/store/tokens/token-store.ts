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
  },
  { versionKey: false, collection: 'tokens' },
);

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
 * A tenant's tokens. Issuing and revoking one are audited here (`token-issue`, `token-revoke`,
 * naming the token, never its secret), so the admin API and `roster token` leave the same rows.
 */
export function tokenStore(connection: Connection, deps: { audit: AuditLog; now: Clock }) {
  const tokens: Model<TokenDocument> =
    connection.models.Token ?? connection.model<TokenDocument>('Token', tokenSchema);

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

    /** The token a presented secret names, or null. Read from the store every time, so a revocation holds at once on every process. */
    async authenticate(secret: string): Promise<TokenInfo | null> {
      const doc = await tokens.findById(hashToken(secret)).lean<TokenDocument>();
      return doc ? info(doc) : null;
    },

    async list(tenantId: string): Promise<TokenInfo[]> {
      const docs = await tokens.find({ tenantId: { $eq: tenantId } }).lean<TokenDocument[]>();
      return docs.map(info).sort((a, b) => a.created.getTime() - b.created.getTime());
    },

    /** Revokes by public id and audits it; true when a token of this tenant was revoked. */
    async revoke(tenantId: string, tokenId: string, actor: Actor): Promise<boolean> {
      const filter = { tenantId: { $eq: tenantId }, tokenId: { $eq: tokenId } };
      const token = await tokens.findOne(filter).lean<TokenDocument>();
      if (!token || (await tokens.deleteOne({ _id: token._id })).deletedCount !== 1) return false;
      await deps.audit.tokenChanged(tenantId, actor, 'token-revoke', info(token));
      return true;
    },
  };
}

export type TokenStore = ReturnType<typeof tokenStore>;
