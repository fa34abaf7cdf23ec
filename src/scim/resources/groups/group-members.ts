import type { Store } from '../../../store';
import { toScimMember, type ScimMember } from './group-mapping';

/** Users resolved per query. */
const USER_BATCH = 1000;

/**
 * The members of some groups, resolved against the tenant's users: a membership whose user no
 * longer exists is left out (a deletion racing a member add on a store where writes run in
 * parallel can leave one behind), so reads never show a dangling member.
 */
export async function membersOf(
  store: Store,
  tenantId: string,
  baseUrl: string,
  groupIds: readonly string[],
): Promise<Map<string, ScimMember[]>> {
  const idsByGroup = await store.groups.memberships.memberIdsOfGroups(tenantId, groupIds);
  const userIds = [...new Set([...idsByGroup.values()].flat())];
  const users = new Map<string, ScimMember>();
  for (let i = 0; i < userIds.length; i += USER_BATCH) {
    for (const user of await store.users.byIds(tenantId, userIds.slice(i, i + USER_BATCH))) {
      users.set(user._id, toScimMember(user, baseUrl));
    }
  }
  const members = new Map<string, ScimMember[]>();
  for (const [groupId, ids] of idsByGroup) {
    members.set(
      groupId,
      ids.flatMap((id) => users.get(id) ?? []),
    );
  }
  return members;
}
