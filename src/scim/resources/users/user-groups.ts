import type { Store } from '../../../store';
import type { ScimGroupRef } from '../../schema/types';

/**
 * The readOnly User `groups` attribute (RFC 7643 §4.1.2), computed from the memberships: a
 * user's groups are never stored on the user. Groups that no longer exist are left out.
 */
export async function groupsOfUsers(
  store: Store,
  tenantId: string,
  baseUrl: string,
  userIds: readonly string[],
): Promise<Map<string, ScimGroupRef[]>> {
  const byUser = await store.groups.memberships.groupIdsOf(tenantId, userIds);
  const groupIds = [...new Set([...byUser.values()].flat())];
  const groups = new Map((await store.groups.byIds(tenantId, groupIds)).map((g) => [g._id, g]));
  const refs = new Map<string, ScimGroupRef[]>();
  for (const [userId, ids] of byUser) {
    const list = ids
      .flatMap((id) => {
        const group = groups.get(id);
        return group
          ? [{ value: id, $ref: `${baseUrl}/Groups/${id}`, display: group.displayName, type: 'direct' }]
          : [];
      })
      .sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
    if (list.length > 0) refs.set(userId, list);
  }
  return refs;
}
