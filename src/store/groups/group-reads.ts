import type { Model } from 'mongoose';
import type { TenantDocuments } from '../tenant-documents';
import type { GroupDocument } from './group-document';
import type { GroupKeyKind, GroupKeys } from './group-keys';

export type GroupQuery = Record<string, unknown>;
export type GroupSort = Record<string, 1 | -1>;

/** Reads of a tenant's groups. Every query names the tenant; callers pass only the rest. */
export function groupReads(
  groups: Model<GroupDocument>,
  docs: TenantDocuments<GroupDocument>,
  keys: GroupKeys,
) {
  const byId = (tenantId: string, id: string): Promise<GroupDocument | null> => docs.get(tenantId, id);

  return {
    byId,

    byIds: (tenantId: string, ids: readonly string[]): Promise<GroupDocument[]> =>
      docs.getMany(tenantId, ids),

    /** displayName / externalId equality through the key documents: an `_id` read on every store. */
    async byKey(tenantId: string, kind: GroupKeyKind, value: string): Promise<GroupDocument | null> {
      const id = await keys.lookup(tenantId, kind, value);
      return id ? byId(tenantId, id) : null;
    },

    async count(tenantId: string, query: GroupQuery): Promise<number> {
      return groups.countDocuments({ ...query, tenantId });
    },

    async page(
      tenantId: string,
      query: GroupQuery,
      opts: { sort: GroupSort; skip: number; limit: number },
    ): Promise<GroupDocument[]> {
      if (opts.limit === 0) return [];
      return groups
        .find({ ...query, tenantId })
        .sort({ ...opts.sort, _id: opts.sort._id ?? 1 })
        .skip(opts.skip)
        .limit(opts.limit)
        .lean<GroupDocument[]>();
    },
  };
}

export type GroupReads = ReturnType<typeof groupReads>;
