import type { Connection } from 'mongoose';
import type { Clock } from '../clock';
import { tenantDocuments } from '../tenant-documents';
import { userModels } from '../users/user-model';
import type { WriteLane } from '../write-lane';
import { groupKeys } from './group-keys';
import { groupModels } from './group-model';
import { groupFind } from './group-find';
import { groupReads } from './group-reads';
import { groupWrites } from './group-writes';
import { memberships } from './memberships';

export type { GroupChange, GroupDocument, GroupDraft, MemberChange } from './group-document';
export type { GroupQuery, GroupSort } from './group-reads';

/**
 * A tenant's groups and their memberships. Writes share the users' WriteLane: on FerretDB a
 * member check and that user's deletion then never interleave.
 */
export function groupStore(
  connection: Connection,
  deps: { lane: WriteLane; now: Clock; idOnlyFilters: boolean },
) {
  const { groups, members, keys: keyModel } = groupModels(connection);
  const users = userModels(connection).users;
  const docs = tenantDocuments(groups, deps);
  const keys = groupKeys(tenantDocuments(keyModel, deps), docs);
  const membership = memberships(members, tenantDocuments(members, deps));
  const reads = groupReads(groups, docs, keys);
  return {
    /** Membership reads (the User `groups` attribute, filters, member lists); writes go through the group. */
    memberships: membership,
    /**
     * For the users' store: a deleted user leaves their groups. Runs inside that deletion's own
     * lane turn, so it never takes the lane itself.
     */
    forgetUser: membership.forgetUser,
    ...reads,
    ...groupFind(reads, membership),
    ...groupWrites({
      docs,
      users,
      userDocs: tenantDocuments(users, deps),
      keys,
      memberships: membership,
      lane: deps.lane,
      now: deps.now,
    }),
  };
}

export type GroupStore = ReturnType<typeof groupStore>;
