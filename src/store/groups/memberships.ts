import type { TenantModel } from '../tenant-databases';
import { collectionOf, type TenantDocuments } from '../tenant-documents';
import { membershipId, type MembershipDocument } from './group-document';

/** Memberships inserted per statement. */
const INSERT_BATCH = 1000;
/** User ids per `$in` when reading or deleting by a list. */
const LIST_BATCH = 1000;
/** Groups whose members are read by one query. */
const GROUP_BATCH = 100;
/**
 * Memberships deleted per statement when a group goes. FerretDB 1.24 deletes with one SQL
 * statement naming every matched id, and SQLite refuses more than 32,766 variables: a single
 * `deleteMany` of a 50,000-member group fails there ("too many SQL variables").
 */
const DELETE_BATCH = 10_000;
/**
 * Up to this many removals are deleted one `_id` each, above it by `$in`. On FerretDB 1.24 a
 * lone `_id` filter is the only one evaluated in SQL (a table scan there, but ~7x cheaper than
 * the decode-and-match every other filter gets), and an `$in` costs one such scan whatever its
 * length; on MongoDB both are index lookups.
 */
const SINGLE_DELETES = 8;

/**
 * The `group_members` collection (group-document.ts): membership is written and read one
 * document per (group, user), so a member change never rewrites or reads the whole member list.
 * Callers have checked that the group is the tenant's: `_id`s embed the group id.
 */
export function memberships(
  members: TenantModel<MembershipDocument>,
  docs: TenantDocuments<MembershipDocument>,
) {
  async function memberIds(tenantId: string, groupId: string): Promise<string[]> {
    const docs = await (
      await collectionOf(members, tenantId)
    )
      .find({ _id: ofGroup(groupId), tenantId }, { projection: { userId: 1 } })
      .toArray();
    return docs.map((d) => d.userId).sort();
  }

  return {
    /** Adds users to a group; those already members stay as they are (RFC 7644 §3.5.2.1). */
    async add(tenantId: string, groupId: string, userIds: readonly string[]): Promise<void> {
      const model = await members(tenantId);
      for (let i = 0; i < userIds.length; i += INSERT_BATCH) {
        const docs: MembershipDocument[] = userIds
          .slice(i, i + INSERT_BATCH)
          .map((userId) => ({ _id: membershipId(groupId, userId), tenantId, groupId, userId }));
        try {
          await model.collection.insertMany(
            docs as unknown as Parameters<typeof model.collection.insertMany>[0],
            {
              ordered: false,
            },
          );
        } catch (err) {
          if (!onlyDuplicates(err)) throw err;
        }
      }
    },

    /** Removes users from a group; users who are not members are no change. */
    async remove(tenantId: string, groupId: string, userIds: readonly string[]): Promise<void> {
      const collection = await collectionOf(members, tenantId);
      if (userIds.length <= SINGLE_DELETES) {
        for (const userId of userIds) await collection.deleteOne({ _id: membershipId(groupId, userId) });
        return;
      }
      for (let i = 0; i < userIds.length; i += LIST_BATCH) {
        const ids = userIds.slice(i, i + LIST_BATCH).map((userId) => membershipId(groupId, userId));
        await collection.deleteMany({ _id: { $in: ids }, tenantId });
      }
    },

    async isMember(tenantId: string, groupId: string, userId: string): Promise<boolean> {
      return (await docs.get(tenantId, membershipId(groupId, userId))) !== null;
    },

    /** A group's member ids, in id order. */
    memberIds,

    /** The member ids of several groups (a page of a listing), in id order, with one query per 100 groups. */
    async memberIdsOfGroups(tenantId: string, groupIds: readonly string[]): Promise<Map<string, string[]>> {
      const byGroup = new Map<string, string[]>(groupIds.map((id) => [id, []]));
      for (let i = 0; i < groupIds.length; i += GROUP_BATCH) {
        const ranges = groupIds.slice(i, i + GROUP_BATCH).map((groupId) => ({ _id: ofGroup(groupId) }));
        const docs = await (
          await collectionOf(members, tenantId)
        )
          .find({ $or: ranges, tenantId }, { projection: { groupId: 1, userId: 1 } })
          .toArray();
        for (const d of docs) byGroup.get(d.groupId)?.push(d.userId);
      }
      for (const ids of byGroup.values()) ids.sort();
      return byGroup;
    },

    /** The groups of each of these users (users in no group are absent from the map). */
    async groupIdsOf(tenantId: string, userIds: readonly string[]): Promise<Map<string, string[]>> {
      const byUser = new Map<string, string[]>();
      for (let i = 0; i < userIds.length; i += LIST_BATCH) {
        const docs = await (
          await collectionOf(members, tenantId)
        )
          .find(
            { tenantId, userId: { $in: userIds.slice(i, i + LIST_BATCH) } },
            { projection: { groupId: 1, userId: 1 } },
          )
          .toArray();
        for (const d of docs) {
          const groups = byUser.get(d.userId);
          if (groups) groups.push(d.groupId);
          else byUser.set(d.userId, [d.groupId]);
        }
      }
      return byUser;
    },

    /** Called when a user is deleted: they leave every group. A user is in few groups. */
    async forgetUser(tenantId: string, userId: string): Promise<void> {
      await (await collectionOf(members, tenantId)).deleteMany({ tenantId, userId });
    },

    /** Called when a group is deleted: its memberships go, in batches of consecutive `_id`s. */
    async forgetGroup(tenantId: string, groupId: string): Promise<void> {
      const ids = await memberIds(tenantId, groupId);
      for (let i = 0; i < ids.length; i += DELETE_BATCH) {
        const first = membershipId(groupId, ids[i]!);
        const last = membershipId(groupId, ids[Math.min(i + DELETE_BATCH, ids.length) - 1]!);
        await (
          await collectionOf(members, tenantId)
        ).deleteMany({
          _id: { $gte: first, $lte: last },
          tenantId,
        });
      }
    },
  };
}

export type Memberships = ReturnType<typeof memberships>;

/**
 * A group's memberships are the `_id`s from `<groupId>|` to just before `<groupId>}` ("}" follows
 * "|"): a range of the `_id` index on MongoDB, so the group needs no index of its own.
 */
function ofGroup(groupId: string) {
  return { $gt: `${groupId}|`, $lt: `${groupId}}` };
}

/** An unordered insert that failed only on duplicate keys: those users were members already. */
function onlyDuplicates(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: unknown };
  if (e.writeErrors === undefined) return e.code === 11000;
  return [e.writeErrors].flat().every((w) => (w as { code?: number }).code === 11000);
}
