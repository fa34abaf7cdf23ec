import { RosterError, identifierKey } from '../../domain';
import type { TenantDocuments } from '../tenant-documents';
import type { GroupDocument } from './group-document';
import type { GroupKeyDocument } from './group-model';

export type GroupKeyKind = 'displayName' | 'externalId';

type Keyed = Pick<GroupDocument, 'displayName' | 'externalId'>;

/** displayName is unique ignoring case: Entra matches groups by it (scim-groups tests). */
export const displayNameKey = (displayName: string): string => identifierKey(displayName);

const keyId = (tenantId: string, kind: GroupKeyKind, key: string) =>
  `${tenantId}|${kind === 'displayName' ? 'd' : 'x'}|${key}`;

/** The key document `_id` of a displayName key (for the key migration, src/store/identifier-keys.ts). */
export const displayNameKeyId = (tenantId: string, key: string): string =>
  keyId(tenantId, 'displayName', key);

const keyOf = (kind: GroupKeyKind, group: Keyed) =>
  kind === 'displayName' ? displayNameKey(group.displayName) : group.externalId;

const KINDS = ['displayName', 'externalId'] as const;

/**
 * Unique displayName and externalId per tenant, claimed by inserting key documents: the pattern of
 * src/store/users/user-keys.ts, so uniqueness holds across processes on every store.
 */
export function groupKeys(keys: TenantDocuments<GroupKeyDocument>, groups: TenantDocuments<GroupDocument>) {
  async function claimOne(tenantId: string, groupId: string, kind: GroupKeyKind, key: string): Promise<void> {
    const _id = keyId(tenantId, kind, key);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await keys.insert({ _id, tenantId, groupId });
        return;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
      const holder = await keys.get(tenantId, _id);
      if (!holder) continue;
      if (holder.groupId === groupId) return;
      // A key left behind by a write that died half way is reclaimed once its group no longer has it.
      const owner = await groups.get(tenantId, holder.groupId);
      if (owner && keyOf(kind, owner) === key) {
        throw new RosterError(
          'uniqueness',
          kind === 'displayName'
            ? `A group named "${owner.displayName}" already exists in this account (displayName is case-insensitive).`
            : `externalId "${key}" is already used by another group of this account.`,
          { conflictingId: holder.groupId },
        );
      }
      await keys.remove(tenantId, _id, { groupId: holder.groupId });
    }
    throw new RosterError('write-conflict', `Could not claim ${kind} "${key}"; retry the request.`);
  }

  async function release(tenantId: string, ids: readonly string[], groupId: string): Promise<void> {
    for (const _id of ids) await keys.remove(tenantId, _id, { groupId });
  }

  return {
    /** Id of the group holding this displayName or externalId, if any. */
    async lookup(tenantId: string, kind: GroupKeyKind, value: string): Promise<string | null> {
      const key = kind === 'displayName' ? displayNameKey(value) : value;
      const doc = await keys.get(tenantId, keyId(tenantId, kind, key));
      return doc?.groupId ?? null;
    },

    /** Claims the keys `after` needs that `before` did not hold; returns the ones to release after the write. */
    async claim(
      tenantId: string,
      groupId: string,
      before: Keyed | null,
      after: Keyed,
    ): Promise<{ claimed: string[]; released: string[] }> {
      const claimed: string[] = [];
      const released: string[] = [];
      try {
        for (const kind of KINDS) {
          const next = keyOf(kind, after);
          const prev = before ? keyOf(kind, before) : undefined;
          if (next === prev) continue;
          if (next !== undefined) {
            await claimOne(tenantId, groupId, kind, next);
            claimed.push(keyId(tenantId, kind, next));
          }
          if (prev !== undefined) released.push(keyId(tenantId, kind, prev));
        }
      } catch (err) {
        await release(tenantId, claimed, groupId);
        throw err;
      }
      return { claimed, released };
    },

    /** The key documents a stored group holds. */
    heldBy(tenantId: string, group: Keyed): string[] {
      return KINDS.flatMap((kind) => {
        const key = keyOf(kind, group);
        return key === undefined ? [] : [keyId(tenantId, kind, key)];
      });
    },

    release,
  };
}

export type GroupKeys = ReturnType<typeof groupKeys>;
