import type { Store, UserDocument } from '../../../store';
import type { ScimGroupRef, ScimUserResource } from '../../schema/types';
import { groupsOfUsers } from './user-groups';
import { managerSummaryOf, toScimUser, type ManagerSummary } from './user-mapping';

export interface RepresentationOptions {
  /** Fill manager.displayName (one query for the page's managers). */
  withManagerNames?: boolean;
  /** Fill the readOnly `groups` (one query for the page's memberships, one for their groups). */
  withGroups?: boolean;
  /** `groups` already read (or being read) by the caller, which stands in for reading them here. */
  groups?: Promise<Map<string, ScimGroupRef[]>>;
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
  const managers = new Map<string, ManagerSummary>();
  // A write's answer: the manager it read while deciding serves, instead of a read of its own.
  for (const doc of docs) {
    const known = withManagerNames ? store.users.managerReadFor(doc) : undefined;
    if (known) managers.set(known._id, managerSummaryOf(known));
  }
  const managerIds = [
    ...new Set(
      docs.map((d) => d.managerId).filter((id): id is string => id !== undefined && !managers.has(id)),
    ),
  ];
  // The two reads are independent: one round trip of waiting, not two.
  const [managerDocs, groups] = await Promise.all([
    withManagerNames && managerIds.length > 0 ? store.users.byIds(tenantId, managerIds) : [],
    opts.groups ??
      (withGroups && docs.length > 0
        ? groupsOfUsers(
            store,
            tenantId,
            baseUrl,
            docs.map((d) => d._id),
          )
        : new Map<string, ScimGroupRef[]>()),
  ]);
  for (const m of managerDocs) managers.set(m._id, managerSummaryOf(m));
  return docs.map((doc) =>
    toScimUser(doc, baseUrl, doc.managerId ? managers.get(doc.managerId) : undefined, groups.get(doc._id)),
  );
}
