import type { Store, UserDocument } from '../../store';
import type { ScimUserResource } from '../schema/types';
import { groupsOfUsers } from './user-groups';
import { managerSummaryOf, toScimUser, type ManagerSummary } from './user-mapping';

export interface RepresentationOptions {
  /** Fill manager.displayName (one query for the page's managers). */
  withManagerNames?: boolean;
  /** Fill the readOnly `groups` (one query for the page's memberships, one for their groups). */
  withGroups?: boolean;
}

/** Stored users as SCIM resources, with what they reference read in one query per kind. */
export async function toScimUsers(
  store: Store,
  tenantId: string,
  baseUrl: string,
  docs: readonly UserDocument[],
  opts: RepresentationOptions = {},
): Promise<ScimUserResource[]> {
  const { withManagerNames = true, withGroups = false } = opts;
  const managerIds = [
    ...new Set(docs.map((d) => d.managerId).filter((id): id is string => id !== undefined)),
  ];
  const managers = new Map<string, ManagerSummary>();
  if (withManagerNames && managerIds.length > 0) {
    for (const m of await store.users.byIds(tenantId, managerIds)) managers.set(m._id, managerSummaryOf(m));
  }
  const groups =
    withGroups && docs.length > 0
      ? await groupsOfUsers(
          store,
          tenantId,
          baseUrl,
          docs.map((d) => d._id),
        )
      : new Map();
  return docs.map((doc) =>
    toScimUser(doc, baseUrl, doc.managerId ? managers.get(doc.managerId) : undefined, groups.get(doc._id)),
  );
}
