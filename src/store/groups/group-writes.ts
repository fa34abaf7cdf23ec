import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { RosterError } from '../../domain';
import type { Clock } from '../clock';
import type { TenantDocuments } from '../tenant-documents';
import type { UserDocument } from '../users/user-document';
import type { WriteLane } from '../write-lane';
import type { GroupChange, GroupDocument, GroupDraft, MemberChange } from './group-document';
import { displayNameKey, type GroupKeys } from './group-keys';
import type { Memberships } from './memberships';

/** How many times a write re-reads after losing a race before giving up (409). */
const MAX_ATTEMPTS = 8;
/** Member ids checked per query. */
const CHECK_BATCH = 1000;
/**
 * Up to this many member ids are checked with one `_id` read each (what IdPs send: one member per
 * PATCH), above it with `$in` batches. FerretDB 1.24 evaluates only a lone `_id` filter in SQL,
 * about ten times faster than the decode-and-match any other filter gets (with 50,000 users, a
 * third of a second against several); on MongoDB both are index lookups.
 */
const SINGLE_READS = 8;

export interface GroupWriteDeps {
  docs: TenantDocuments<GroupDocument>;
  /** For member checks by the thousand: one `$in` query per batch. */
  users: Model<UserDocument>;
  userDocs: TenantDocuments<UserDocument>;
  keys: GroupKeys;
  memberships: Memberships;
  lane: WriteLane;
  now: Clock;
}

/**
 * Every write to a group. The group document carries the attributes and the version; members
 * live in `group_members` (memberships.ts). Order of a write: members checked (users of the
 * tenant), keys claimed, the group document compare-and-set on `version` (the If-Match check,
 * RFC 7644 §3.14), then the memberships. A crash after the version moved and before the members
 * did leaves a retried request to finish the job: member writes are idempotent. On FerretDB the
 * tenant's writes run one at a time (WriteLane), shared with the users' writes, so a member
 * check and the deletion of that user cannot interleave.
 */
export function groupWrites(deps: GroupWriteDeps) {
  const { docs, users, userDocs, keys, memberships, lane, now: clock } = deps;

  async function create(
    tenantId: string,
    draft: GroupDraft,
    memberIds: readonly string[],
  ): Promise<GroupDocument> {
    return lane.run(tenantId, async () => {
      const members = [...new Set(memberIds)];
      await assertUsers(tenantId, members);
      const now = clock();
      const doc: GroupDocument = {
        _id: randomUUID(),
        tenantId,
        displayName: draft.displayName,
        displayNameKey: displayNameKey(draft.displayName),
        ...(draft.externalId === undefined ? {} : { externalId: draft.externalId }),
        version: 1,
        created: now,
        lastModified: now,
      };
      const { claimed } = await keys.claim(tenantId, doc._id, null, doc);
      try {
        await docs.insert(doc);
      } catch (err) {
        await keys.release(tenantId, claimed, doc._id);
        throw uniquenessFromIndex(err);
      }
      await memberships.add(tenantId, doc._id, members);
      return doc;
    });
  }

  /** PUT and PATCH: `change` says what differs; an update that changes nothing writes nothing. */
  async function update(
    tenantId: string,
    id: string,
    change: GroupChange,
    opts: { ifMatch?: number | undefined },
  ): Promise<GroupDocument> {
    return lane.run(tenantId, async () => {
      let checked = false;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        const before = await load(tenantId, id);
        assertVersion(before, opts.ifMatch);
        const displayName = change.displayName ?? before.displayName;
        const externalId =
          change.externalId === undefined ? before.externalId : (change.externalId ?? undefined);
        if (displayName === before.displayName && externalId === before.externalId && !change.members) {
          return before;
        }
        if (!checked) {
          await assertUsers(tenantId, added(change.members));
          checked = true;
        }
        const after: GroupDocument = {
          _id: before._id,
          tenantId,
          displayName,
          displayNameKey: displayNameKey(displayName),
          ...(externalId === undefined ? {} : { externalId }),
          version: before.version + 1,
          created: before.created,
          lastModified: clock(),
        };
        const { claimed, released } = await keys.claim(tenantId, id, before, after);
        let matched: boolean;
        try {
          const write = {
            $set: {
              displayName,
              displayNameKey: after.displayNameKey,
              version: after.version,
              lastModified: after.lastModified,
              ...(externalId === undefined ? {} : { externalId }),
            },
            ...(externalId === undefined ? { $unset: { externalId: '' } } : {}),
          };
          matched = await docs.update(tenantId, id, { version: before.version }, write);
        } catch (err) {
          await keys.release(tenantId, claimed, id);
          throw uniquenessFromIndex(err);
        }
        if (!matched) {
          await keys.release(tenantId, claimed, id);
          continue;
        }
        await keys.release(tenantId, released, id);
        if (change.members) await applyMembers(tenantId, id, change.members);
        return after;
      }
      throw conflict();
    });
  }

  /** Deletes a group and its memberships; the users themselves are never touched. */
  async function remove(tenantId: string, id: string, opts: { ifMatch?: number | undefined }): Promise<void> {
    return lane.run(tenantId, async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        const before = await load(tenantId, id);
        assertVersion(before, opts.ifMatch);
        if (!(await docs.remove(tenantId, id, { version: before.version }))) continue;
        await keys.release(tenantId, keys.heldBy(tenantId, before), id);
        await memberships.forgetGroup(tenantId, id);
        return;
      }
      throw conflict();
    });
  }

  async function applyMembers(tenantId: string, groupId: string, change: MemberChange): Promise<void> {
    if (change.kind === 'delta') {
      await memberships.remove(tenantId, groupId, change.remove);
      await memberships.add(tenantId, groupId, change.add);
      return;
    }
    const current = new Set(await memberships.memberIds(tenantId, groupId));
    const target = new Set(change.userIds);
    await memberships.remove(
      tenantId,
      groupId,
      [...current].filter((u) => !target.has(u)),
    );
    await memberships.add(
      tenantId,
      groupId,
      [...target].filter((u) => !current.has(u)),
    );
  }

  /** RFC 7643 §4.2: members are resources of this service provider; Roster's are the tenant's users. */
  async function assertUsers(tenantId: string, userIds: readonly string[]): Promise<void> {
    const unique = [...new Set(userIds)];
    const found = new Set<string>();
    if (unique.length <= SINGLE_READS) {
      // One read each, by `_id` alone where that is what the store serves: see SINGLE_READS.
      for (const id of unique) if (await userDocs.get(tenantId, id)) found.add(id);
    }
    for (let i = 0; i < unique.length && unique.length > SINGLE_READS; i += CHECK_BATCH) {
      const batch = unique.slice(i, i + CHECK_BATCH);
      const docs = await users
        .find({ _id: { $in: batch }, tenantId }, { _id: 1 })
        .lean<Pick<UserDocument, '_id'>[]>();
      for (const d of docs) found.add(d._id);
    }
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length > 0) {
      const named = missing
        .slice(0, 5)
        .map((id) => `"${id}"`)
        .join(', ');
      const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
      throw new RosterError(
        'invalid-value',
        `members: ${named}${more} ${missing.length === 1 ? 'is not the id of a user' : 'are not ids of users'} ` +
          "of this account; a group's members are the account's users.",
        { unknownMembers: missing.slice(0, 20) },
      );
    }
  }

  async function load(tenantId: string, id: string): Promise<GroupDocument> {
    const doc = await docs.get(tenantId, id);
    if (!doc) throw new RosterError('not-found', `Group ${id} not found.`);
    return doc;
  }

  return { create, update, remove };
}

export type GroupWrites = ReturnType<typeof groupWrites>;

function added(change: MemberChange | undefined): readonly string[] {
  if (change === undefined) return [];
  return change.kind === 'replace' ? change.userIds : change.add;
}

/** If-Match (RFC 7644 §3.14): the client's version must be the stored one; checked on every attempt. */
function assertVersion(before: GroupDocument, ifMatch: number | undefined): void {
  if (ifMatch !== undefined && before.version !== ifMatch) {
    throw new RosterError(
      'version-mismatch',
      `If-Match names version ${ifMatch}, but the group is at version ${before.version}; re-read it and retry.`,
    );
  }
}

function uniquenessFromIndex(err: unknown): unknown {
  if ((err as { code?: number }).code === 11000) {
    return new RosterError(
      'uniqueness',
      'displayName is already taken by another group of this account (displayName is case-insensitive).',
    );
  }
  return err;
}

function conflict(): RosterError {
  return new RosterError(
    'write-conflict',
    'The group changed repeatedly while this request was applied; retry the request.',
  );
}
