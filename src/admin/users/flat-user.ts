import { hasManageUsersRole, missingRequiredFields } from '../../domain';
import { profileViewOf, type Store, type UserDocument, userStateOf } from '../../store';

/**
 * A user as the Manage Team page shows it: flat, every field present (null when empty), with
 * the manager's userName and what I3 would refuse a status change for (`missingFields`: the
 * tenant's required attribute paths the profile lacks). `version` is the ETag value to send back
 * as If-Match on PATCH.
 */
export interface FlatUser {
  id: string;
  userName: string;
  givenName: string | null;
  familyName: string | null;
  displayName: string;
  email: string | null;
  title: string | null;
  managerId: string | null;
  managerUserName: string | null;
  canManageTeam: boolean;
  active: boolean;
  primaryOwner: boolean;
  /** Holds the Manage Users role (the primary owner holds the permission regardless). */
  manageUsers: boolean;
  missingFields: string[];
  version: number;
}

/** Stored users as flat users, with their managers' userNames read by id. */
export async function flatUsers(
  store: Store,
  tenantId: string,
  docs: readonly UserDocument[],
): Promise<FlatUser[]> {
  const managerIds = [...new Set(docs.flatMap((d) => (d.managerId ? [d.managerId] : [])))];
  const [managers, tenant] = await Promise.all([
    store.users.byIdsEach(tenantId, managerIds),
    store.tenants.byId(tenantId),
  ]);
  const managerNames = new Map(managers.map((m) => [m._id, m.userName]));
  const policy = { requiredFields: tenant?.policy.requiredFields ?? [] };
  return docs.map((doc) => {
    const managerUserName = doc.managerId ? (managerNames.get(doc.managerId) ?? null) : null;
    const view = profileViewOf(doc, managerUserName !== null);
    return {
      id: doc._id,
      userName: doc.userName,
      givenName: view.givenName,
      familyName: view.familyName,
      displayName: displayNameOf(doc, view.givenName, view.familyName),
      email: view.email,
      title: view.title,
      managerId: view.managerId,
      managerUserName,
      canManageTeam: view.canManageTeam,
      active: view.active,
      primaryOwner: doc.primaryOwner === true,
      manageUsers: hasManageUsersRole(doc.roles),
      missingFields: missingRequiredFields(userStateOf(doc).profile, policy),
      version: doc.version,
    };
  });
}

export async function flatUser(store: Store, tenantId: string, doc: UserDocument): Promise<FlatUser> {
  const [user] = await flatUsers(store, tenantId, [doc]);
  return user!;
}

function displayNameOf(doc: UserDocument, givenName: string | null, familyName: string | null): string {
  const named = [givenName, familyName].filter((part) => part !== null).join(' ');
  return doc.displayName?.trim() || doc.name?.formatted?.trim() || named || doc.userName;
}
