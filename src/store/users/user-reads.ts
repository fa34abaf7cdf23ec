import type { TenantModel } from '../tenant-databases';
import type { TenantDocuments } from '../tenant-documents';
import type { ListingLane } from '../write-lane';
import type { UserDocument } from './user-document';
import type { UserKeyKind, UserKeys } from './user-keys';

export type UserQuery = Record<string, unknown>;
export type UserSort = Record<string, 1 | -1>;

/** Reads of a tenant's users. Every query names the tenant; callers pass only the rest. */
export function userReads(
  users: TenantModel<UserDocument>,
  docs: TenantDocuments<UserDocument>,
  keys: UserKeys,
  listings: ListingLane,
) {
  return {
    byId: (tenantId: string, id: string): Promise<UserDocument | null> => docs.get(tenantId, id),

    byIds: (tenantId: string, ids: readonly string[]): Promise<UserDocument[]> => docs.getMany(tenantId, ids),

    /** userName / externalId equality through the key documents: an `_id` read on every store. */
    async byKey(tenantId: string, kind: UserKeyKind, value: string): Promise<UserDocument | null> {
      const id = await keys.lookup(tenantId, kind, value);
      return id ? this.byId(tenantId, id) : null;
    },

    /** Counts, pages and scans read many documents: they take turns per tenant (ListingLane). */
    async count(tenantId: string, query: UserQuery): Promise<number> {
      return listings.run(tenantId, async () =>
        (await users(tenantId)).countDocuments({ ...query, tenantId }).exec(),
      );
    },

    async page(
      tenantId: string,
      query: UserQuery,
      opts: { sort: UserSort; skip: number; limit: number },
    ): Promise<UserDocument[]> {
      if (opts.limit === 0) return [];
      return listings.run(tenantId, async () =>
        (await users(tenantId))
          .find({ ...query, tenantId })
          .sort({ ...opts.sort, _id: opts.sort._id ?? 1 })
          .skip(opts.skip)
          .limit(opts.limit)
          .lean<UserDocument[]>()
          .exec(),
      );
    },

    /** Streams a tenant's users in id order, for filters the store cannot evaluate itself. */
    scan(tenantId: string, query: UserQuery): AsyncIterable<UserDocument> {
      return listings.iterate(tenantId, async () =>
        (await users(tenantId))
          .find({ ...query, tenantId })
          .sort({ _id: 1 })
          .lean<UserDocument>()
          .cursor(),
      );
    },
  };
}

export type UserReads = ReturnType<typeof userReads>;
