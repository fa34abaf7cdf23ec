import { settleTogether } from '../settle-together';
import type { TenantDocuments } from '../tenant-documents';
import { RosterError, identifierKey } from '../../domain';
import type { UserDocument } from './user-document';
import type { UserKeyDocument } from './user-model';

export type UserKeyKind = 'userName' | 'externalId';

/** userName is case-insensitive (docs/contract.md): compared by its key (docs/identifiers.md). */
export const userNameKey = (userName: string): string => identifierKey(userName);

const keyId = (tenantId: string, kind: UserKeyKind, key: string) =>
  `${tenantId}|${kind === 'userName' ? 'u' : 'x'}|${key}`;

/** The key document `_id` of a userName key (for the key migration, src/store/identifier-keys.ts). */
export const userNameKeyId = (tenantId: string, key: string): string => keyId(tenantId, 'userName', key);

const keyOf = (kind: UserKeyKind, doc: Pick<UserDocument, 'userName' | 'externalId'>) =>
  kind === 'userName' ? userNameKey(doc.userName) : doc.externalId;

/**
 * Unique userName and externalId per tenant, claimed by inserting key documents. Both kinds of
 * document are reached through TenantDocuments, so a dry run hands in snapshots of them.
 */
export function userKeys(keys: TenantDocuments<UserKeyDocument>, users: TenantDocuments<UserDocument>) {
  async function claimOne(tenantId: string, userId: string, kind: UserKeyKind, key: string): Promise<void> {
    const _id = keyId(tenantId, kind, key);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await keys.insert({ _id, tenantId, userId });
        return;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
      const holder = await keys.get(tenantId, _id);
      if (!holder) continue;
      if (holder.userId === userId) return;
      // A key left behind by a write that died half way is reclaimed once its user no longer has it.
      const owner = await users.get(tenantId, holder.userId);
      if (owner && keyOf(kind, owner) === key) {
        throw new RosterError(
          'uniqueness',
          kind === 'userName'
            ? `userName "${key}" is already taken in this account (userName is case-insensitive).`
            : `externalId "${key}" is already used by another user of this account.`,
          { conflictingId: holder.userId },
        );
      }
      await keys.remove(tenantId, _id, { userId: holder.userId });
    }
    throw new RosterError('write-conflict', `Could not claim ${kind} "${key}"; retry the request.`);
  }

  async function release(tenantId: string, ids: readonly string[], userId: string): Promise<void> {
    await settleTogether(...ids.map((_id) => keys.remove(tenantId, _id, { userId })));
  }

  return {
    /** Id of the user holding this userName or externalId, if any. */
    async lookup(tenantId: string, kind: UserKeyKind, value: string): Promise<string | null> {
      const key = kind === 'userName' ? userNameKey(value) : value;
      const doc = await keys.get(tenantId, keyId(tenantId, kind, key));
      return doc?.userId ?? null;
    },

    /** Claims the keys `after` needs that `before` did not hold; returns the ones to release after the write. */
    async claim(
      tenantId: string,
      userId: string,
      before: Pick<UserDocument, 'userName' | 'externalId'> | null,
      after: Pick<UserDocument, 'userName' | 'externalId'>,
    ): Promise<{ claimed: string[]; released: string[] }> {
      const wanted: { kind: UserKeyKind; key: string }[] = [];
      const released: string[] = [];
      for (const kind of ['userName', 'externalId'] as const) {
        const next = keyOf(kind, after);
        const prev = before ? keyOf(kind, before) : undefined;
        if (next === prev) continue;
        if (next !== undefined) wanted.push({ kind, key: next });
        if (prev !== undefined) released.push(keyId(tenantId, kind, prev));
      }
      // The two keys are independent documents: claimed at once, one round trip of waiting.
      const outcomes = await Promise.allSettled(
        wanted.map(({ kind, key }) => claimOne(tenantId, userId, kind, key)),
      );
      const claimed = wanted.flatMap(({ kind, key }, i) =>
        outcomes[i]!.status === 'fulfilled' ? [keyId(tenantId, kind, key)] : [],
      );
      // The userName's refusal first when both are refused, as when they were claimed in turn.
      const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (refused) {
        await release(tenantId, claimed, userId);
        throw refused.reason;
      }
      return { claimed, released };
    },

    /** The key documents a stored user holds. */
    heldBy(tenantId: string, doc: Pick<UserDocument, 'userName' | 'externalId'>): string[] {
      return (['userName', 'externalId'] as const).flatMap((kind) => {
        const key = keyOf(kind, doc);
        return key === undefined ? [] : [keyId(tenantId, kind, key)];
      });
    },

    release,
  };
}

export type UserKeys = ReturnType<typeof userKeys>;
