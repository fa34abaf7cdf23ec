import { RosterError } from './errors';
import type { UserRef } from './user-state';

/** What a refused request tried to do to its user; the first words of every detail. */
export type LifecycleAction = 'create' | 'update' | 'deactivate' | 'reactivate' | 'delete';

/**
 * Why the domain said no, as data. `kind` is the RosterErrorKind (it fixes the HTTP status in
 * src/http/error-table.ts); `reason` tells the variants of one kind apart and picks the detail.
 * `user` is the user the request is about, named as after the change.
 */
export type Refusal =
  // Manager references (docs/contract.md: unknown id, self or cycle → 400 invalidValue).
  | {
      readonly kind: 'invalid-manager';
      readonly reason: 'unknown-manager';
      readonly action: LifecycleAction;
      readonly user: UserRef;
      readonly managerId: string;
    }
  | {
      readonly kind: 'invalid-manager';
      readonly reason: 'self-manager';
      readonly action: LifecycleAction;
      readonly user: UserRef;
    }
  | {
      readonly kind: 'invalid-manager';
      readonly reason: 'manager-cycle';
      readonly action: LifecycleAction;
      readonly user: UserRef;
      readonly manager: UserRef;
    }
  // I2: the primary owner exists and is active.
  | {
      readonly kind: 'owner-protected';
      readonly reason: 'owner';
      readonly action: 'deactivate' | 'delete';
      readonly user: UserRef;
    }
  // I1, report side: every active direct report (all of them; the detail shows a few).
  | {
      readonly kind: 'has-active-reports';
      readonly reason: 'active-reports';
      readonly action: 'deactivate' | 'delete';
      readonly user: UserRef;
      readonly reports: readonly UserRef[];
    }
  // I1, manager side.
  | {
      readonly kind: 'inactive-manager';
      readonly reason: 'inactive-manager';
      readonly action: LifecycleAction;
      readonly user: UserRef;
      readonly manager: UserRef;
    }
  // I3: the required attributes (policy paths as written) that are missing after the change.
  | {
      readonly kind: 'incomplete-profile';
      readonly reason: 'incomplete-profile';
      readonly action: 'deactivate' | 'reactivate';
      readonly user: UserRef;
      readonly missing: readonly string[];
    }
  // The "Deactivate a Manager" plan (reassignment.ts); `user` is the manager being deactivated.
  | {
      readonly kind: 'has-active-reports';
      readonly reason: 'reports-not-reassigned';
      readonly action: 'deactivate';
      readonly user: UserRef;
      readonly reports: readonly UserRef[];
    }
  | {
      readonly kind: 'invalid-value';
      readonly reason: 'not-an-active-report';
      readonly action: 'deactivate';
      readonly user: UserRef;
      readonly ids: readonly string[];
    }
  | {
      readonly kind: 'invalid-manager';
      readonly reason: 'unknown-new-manager';
      readonly action: 'deactivate';
      readonly user: UserRef;
      readonly newManagerId: string;
      readonly reports: readonly UserRef[];
    }
  | {
      readonly kind: 'inactive-manager';
      readonly reason: 'new-manager-inactive' | 'new-manager-is-being-moved';
      readonly action: 'deactivate';
      readonly user: UserRef;
      readonly newManager: UserRef;
      readonly reports: readonly UserRef[];
    }
  | {
      readonly kind: 'inactive-manager';
      readonly reason: 'new-manager-is-being-deactivated';
      readonly action: 'deactivate';
      readonly user: UserRef;
      readonly reports: readonly UserRef[];
    }
  // Owner transfer (owner.ts).
  | { readonly kind: 'invalid-value'; readonly reason: 'unknown-new-owner' }
  | { readonly kind: 'owner-protected'; readonly reason: 'new-owner-inactive'; readonly user: UserRef };

/** How many names a detail lists before "and N more": enough to recognise the team, short enough for a log line. */
const NAMES_SHOWN = 5;

/**
 * The refusal as Roster's one error type, with a detail for the person reading a provisioning
 * log: what blocks the change and what to do about it (docs/domain.md). The refusal itself travels
 * along as the error's structured data.
 */
export function refusalToError(refusal: Refusal): RosterError {
  return new RosterError(refusal.kind, detailOf(refusal), refusal);
}

function detailOf(refusal: Refusal): string {
  switch (refusal.reason) {
    case 'unknown-manager':
      return `${cannot(refusal)}: manager "${refusal.managerId}" is not a user of this account; set manager.value to the id of an existing user, or remove the manager.`;
    case 'self-manager':
      return `${cannot(refusal)}: a user cannot be their own manager; choose another manager, or remove the manager.`;
    case 'manager-cycle':
      return `${cannot(refusal)}: manager ${quoted(refusal.manager)} reports to ${quoted(refusal.user)} (directly or through others), so this would make a reporting cycle; choose a manager outside their reporting line.`;
    case 'owner':
      return `${cannot(refusal)}: this user is the primary account owner; transfer ownership first (PUT /api/v1/account/owner).`;
    case 'active-reports':
      return `${cannot(refusal)}: ${counted(refusal.reports.length, 'active direct report')} (${names(refusal.reports)}); reassign them to another manager first.`;
    case 'inactive-manager':
      return `${cannot(refusal)}: manager ${quoted(refusal.manager)} is deactivated; reactivate them or choose another manager.`;
    case 'incomplete-profile':
      return `${cannot(refusal)}: the profile is missing ${refusal.missing.length === 1 ? 'the required attribute' : 'the required attributes'} ${refusal.missing.join(', ')}; fill ${refusal.missing.length === 1 ? 'it' : 'them'} in, first or in the same request (placeholder values are accepted).`;
    case 'reports-not-reassigned':
      return `${cannot(refusal)}: ${counted(refusal.reports.length, 'active direct report')} ${refusal.reports.length === 1 ? 'has' : 'have'} no new manager in the request (${names(refusal.reports)}); give each of them a new manager, or use reassignAllTo.`;
    case 'not-an-active-report':
      return `${cannot(refusal)}: the reassignment names ${refusal.ids.map((id) => `"${id}"`).join(', ')}, which ${refusal.ids.length === 1 ? 'is not an active direct report' : 'are not active direct reports'} of ${quoted(refusal.user)}; reload the team and try again.`;
    case 'unknown-new-manager':
      return `${cannot(refusal)}: new manager "${refusal.newManagerId}" (for ${names(refusal.reports)}) is not a user of this account; choose an existing user.`;
    case 'new-manager-inactive':
      return `${cannot(refusal)}: new manager ${quoted(refusal.newManager)} (for ${names(refusal.reports)}) is deactivated; reactivate them or choose another manager.`;
    case 'new-manager-is-being-moved':
      return `${cannot(refusal)}: new manager ${quoted(refusal.newManager)} (for ${names(refusal.reports)}) is one of the reports being reassigned; choose a manager outside ${quoted(refusal.user)}'s team.`;
    case 'new-manager-is-being-deactivated':
      return `${cannot(refusal)}: ${names(refusal.reports)} cannot be reassigned to ${quoted(refusal.user)}, who is being deactivated; choose another manager.`;
    case 'unknown-new-owner':
      return 'Cannot transfer ownership: the user named as the new primary account owner does not exist in this account.';
    case 'new-owner-inactive':
      return `Cannot transfer ownership to ${quoted(refusal.user)}: this user is deactivated, and the primary account owner must be active; reactivate them first.`;
  }
}

function cannot(refusal: { readonly action: LifecycleAction; readonly user: UserRef }): string {
  return `Cannot ${refusal.action} ${quoted(refusal.user)}`;
}

function quoted(user: UserRef): string {
  return `"${user.userName}"`;
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function names(users: readonly UserRef[]): string {
  const shown = users.slice(0, NAMES_SHOWN).map((user) => user.userName);
  const more = users.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}
