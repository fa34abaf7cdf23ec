import { etagOf } from '../../domain';
import { SCIM_NAMED_FIELDS, type UserDocument, type UserDraft } from '../../store';
import type { ScimEnterprise, ScimGroupRef, ScimUserInput, ScimUserResource } from '../schema/types';
import { CORE_USER, ENTERPRISE_USER, ROSTER_USER } from '../schema/urns';

export interface ManagerSummary {
  displayName: string;
}

/** meta.version and the ETag of a stored user (RFC 7644 §3.14), shared with the admin API. */
export { etagOf, versionFromIfMatch } from '../../domain';

/**
 * A stored user as SCIM returns it; `manager` fills manager.displayName, `baseUrl` the locations,
 * `groups` the readOnly groups (computed from memberships: user-groups.ts).
 */
export function toScimUser(
  doc: UserDocument,
  baseUrl: string,
  manager: ManagerSummary | undefined,
  groups: readonly ScimGroupRef[] = [],
): ScimUserResource {
  const out: Record<string, unknown> = { schemas: [CORE_USER], id: doc._id, userName: doc.userName };
  for (const key of SCIM_NAMED_FIELDS) if (doc[key] !== undefined) out[key] = doc[key];
  out.active = doc.active;
  if (groups.length > 0) out.groups = groups;

  const enterprise: ScimEnterprise = { ...(doc.enterprise ?? {}) };
  if (doc.managerId) {
    enterprise.manager = {
      value: doc.managerId,
      $ref: `${baseUrl}/Users/${doc.managerId}`,
      ...(manager ? { displayName: manager.displayName } : {}),
    };
  }
  const schemas = out.schemas as string[];
  if (Object.keys(enterprise).length > 0) {
    schemas.push(ENTERPRISE_USER);
    out[ENTERPRISE_USER] = enterprise;
  }
  schemas.push(ROSTER_USER);
  out[ROSTER_USER] = { canManageTeam: doc.canManageTeam, primaryOwner: doc.primaryOwner === true };
  out.meta = {
    resourceType: 'User',
    created: doc.created.toISOString(),
    lastModified: doc.lastModified.toISOString(),
    location: `${baseUrl}/Users/${doc._id}`,
    version: etagOf(doc.version),
  };
  return out as unknown as ScimUserResource;
}

export function managerSummaryOf(
  doc: Pick<UserDocument, 'displayName' | 'name' | 'userName'>,
): ManagerSummary {
  return { displayName: doc.displayName ?? doc.name?.formatted ?? doc.userName };
}

/**
 * A validated SCIM User as the attributes the store writes. `active` absent keeps the stored
 * value (absent is not "deactivate"). On a replacement (PUT) the Roster extension's
 * `canManageTeam` absent also keeps its value: team admins set it, and an IdP that does not map
 * the extension would otherwise demote every team lead on its next sync. A PATCH result is the
 * whole resource, so there an absent `canManageTeam` was removed on purpose.
 */
export function toUserDraft(
  input: ScimUserInput,
  previous: UserDocument | null,
  mode: 'create' | 'replace' | 'patch',
): UserDraft {
  const draft: Record<string, unknown> = { userName: input.userName };
  for (const key of SCIM_NAMED_FIELDS) if (input[key] !== undefined) draft[key] = input[key];
  draft.active = input.active ?? previous?.active ?? true;

  const { manager, ...enterprise } = input[ENTERPRISE_USER] ?? {};
  if (Object.keys(enterprise).length > 0) draft.enterprise = enterprise;
  if (manager?.value) draft.managerId = manager.value;
  draft.canManageTeam =
    input[ROSTER_USER]?.canManageTeam ?? (mode === 'replace' ? previous?.canManageTeam : undefined) ?? false;
  return draft as unknown as UserDraft;
}
