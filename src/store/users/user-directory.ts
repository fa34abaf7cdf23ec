import type { Model } from 'mongoose';
import type { UserDocument } from './user-document';
import type { UserQuery } from './user-reads';

/**
 * Reads for the team admin's list and spreadsheet. By userName, through the unique
 * {tenantId, userNameKey} index: a page is sorted by that key alone (adding a tie-breaker such
 * as `_id` would make MongoDB sort every match in memory), so a page is an index range however
 * deep it starts, and a batch of userNames is one `$in` on the same index.
 */
export function userDirectory(users: Model<UserDocument>) {
  return {
    /** Users matching `query` in userName order, starting after the userName key `afterKey`. */
    async pageByUserName(
      tenantId: string,
      query: UserQuery,
      opts: { afterKey?: string | undefined; skip: number; limit: number },
    ): Promise<UserDocument[]> {
      const after = opts.afterKey === undefined ? [] : [{ userNameKey: { $gt: opts.afterKey } }];
      return users
        .find({ $and: [query, ...after], tenantId })
        .sort({ userNameKey: 1 })
        .skip(opts.skip)
        .limit(opts.limit)
        .lean<UserDocument[]>();
    },

    /**
     * A few users by id (a page's managers), one `{_id}` read each: the one
     * filter FerretDB's SQLite handler answers without scanning the collection (docs/store.md),
     * an index hit on MongoDB. The tenant is checked on the document, so the filter stays `_id`
     * alone. For many ids at once, `byIds` (one `$in`) is the better call.
     */
    async byIdsEach(tenantId: string, ids: readonly string[]): Promise<UserDocument[]> {
      const found: UserDocument[] = [];
      for (const id of new Set(ids)) {
        const doc = await users.findById(id).lean<UserDocument>();
        if (doc?.tenantId === tenantId) found.push(doc);
      }
      return found;
    },

    /** The users holding these userName keys (src/store/users/user-keys.ts userNameKey); unknown keys are absent. */
    async byUserNameKeys(tenantId: string, keys: readonly string[]): Promise<UserDocument[]> {
      if (keys.length === 0) return [];
      return users.find({ tenantId, userNameKey: { $in: keys } }).lean<UserDocument[]>();
    },
  };
}

export type UserDirectory = ReturnType<typeof userDirectory>;
