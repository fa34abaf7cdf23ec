import { RosterError } from './errors';

/**
 * The seed's "only users in roles who are granted the ability to 'Manage Users' will be able to
 * manage, edit, and deactivate or reactivate users" (contract.md, People sign in to the page):
 * a person holds it when their SCIM `roles` carry the value, as an IdP pushes any role, or when
 * they are the primary owner, who always does.
 */
export const MANAGE_USERS = 'Manage Users';

export interface RoleHolder {
  readonly roles?: readonly { readonly value?: string | undefined }[] | undefined;
  readonly primaryOwner: boolean;
}

export function hasManageUsersRole(roles: RoleHolder['roles']): boolean {
  return (roles ?? []).some((role) => role.value?.trim().toLowerCase() === MANAGE_USERS.toLowerCase());
}

export function holdsManageUsers(user: RoleHolder): boolean {
  return user.primaryOwner || hasManageUsersRole(user.roles);
}

/** The user's roles with Manage Users granted or removed; every other role kept as it was. */
export function withManageUsers<R extends { value?: string | undefined }>(
  roles: readonly R[] | undefined,
  grant: boolean,
): R[] {
  const others = (roles ?? []).filter((role) => !hasManageUsersRole([role]));
  return grant ? [...others, { value: MANAGE_USERS } as R] : others;
}

/**
 * The account always keeps at least one active person who holds Manage Users, so someone can
 * still sign in and manage. The owner always holds it (and I2 keeps them active), so this only
 * refuses on an account without an owner, taking the role from its last active holder.
 */
export function checkManageUsersRemoval(facts: {
  readonly userName: string;
  readonly ownerExists: boolean;
  /** Active holders other than the user losing the role. */
  readonly otherActiveHolders: number;
}): void {
  if (facts.ownerExists || facts.otherActiveHolders > 0) return;
  throw new RosterError(
    'owner-protected',
    `${facts.userName} is the last active person who holds Manage Users and the account has no primary owner; grant Manage Users to someone else (or set an owner) first.`,
    { rule: 'last-manage-users' },
  );
}
