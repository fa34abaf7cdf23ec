import type { Store } from '../../store';
import type { UserDocument } from '../../store/users';
import type { ScimUserResource } from '../schema/types';
import { managerSummaryOf, toScimUser, type ManagerSummary } from './user-mapping';

/** Stored users as SCIM resources, with their managers' display names read in one query. */
export async function toScimUsers(
  store: Store,
  tenantId: string,
  baseUrl: string,
  docs: readonly UserDocument[],
  opts: { withManagerNames: boolean } = { withManagerNames: true },
): Promise<ScimUserResource[]> {
  const managerIds = [
    ...new Set(docs.map((d) => d.managerId).filter((id): id is string => id !== undefined)),
  ];
  const managers = new Map<string, ManagerSummary>();
  if (opts.withManagerNames && managerIds.length > 0) {
    for (const m of await store.users.byIds(tenantId, managerIds)) managers.set(m._id, managerSummaryOf(m));
  }
  return docs.map((doc) => toScimUser(doc, baseUrl, doc.managerId ? managers.get(doc.managerId) : undefined));
}
