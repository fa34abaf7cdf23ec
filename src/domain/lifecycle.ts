import { missingRequiredFields } from './profile';
import type { LifecycleAction, Refusal } from './refusal';
import type { TenantPolicy, UserRef, UserState } from './user-state';

/**
 * The lifecycle guard: one pure decision for every write to a user, whatever the channel (SCIM,
 * admin API, CSV, page). The store re-asserts the preconditions atomically and, when a conditional
 * update misses, re-reads and asks again, so the answer depends on the arguments only
 * (docs/domain.md, docs/contract.md "Lifecycle guard").
 *
 * Order of checks (the first that fails is the answer):
 *  1. manager reference: self, unknown, cycle (400) — a request naming no valid manager cannot be
 *     judged further;
 *  2. I2 owner (409) — no edit of the request can cure it, only an operator's transfer;
 *  3. I1 active direct reports (409) — cured by changing other users first;
 *  4. I1 inactive manager (409) — cured by another manager, in this request or by reactivating them;
 *  5. I3 incomplete profile (400) — cured by the same request filling the attributes in.
 * A delete runs 2 and 3 only.
 */

/**
 * A write to a user. `update` covers every PUT/PATCH at once: activation, deactivation, manager
 * change and profile edits; the rules read `after`, so a request may fix what it would break.
 */
export type LifecycleChange =
  | { readonly kind: 'create'; readonly after: UserState }
  | { readonly kind: 'update'; readonly before: UserState; readonly after: UserState }
  | { readonly kind: 'delete'; readonly before: UserState };

/** The manager a change names, as stored. */
export interface ManagerFacts extends UserRef {
  readonly active: boolean;
}

/** What the store read for the decision. */
export interface LifecycleFacts {
  /** The tenant's primary owner (I2). */
  readonly ownerId: string | null;
  /** The user `after.managerId` names, as stored; null when `after` names none or it is unknown. */
  readonly proposedManager: ManagerFacts | null;
  readonly proposedManagerExists: boolean;
  /**
   * Ids walking up from the proposed manager (with or without the proposed manager itself),
   * bounded by the store; the user appearing in it means the change would close a cycle.
   */
  readonly managerChainOfProposed: readonly string[];
  /** The user's active direct reports per the I1 ledger; the store resolves stale entries. */
  readonly activeReports: readonly UserRef[];
}

/**
 * The I1 ledger writes an allowed change needs, in docs/domain.md's order. Both name a manager's id.
 * - `addTo`: the user becomes an active direct report of this manager. Written BEFORE the user's
 *   document, conditional on the manager being active; taken back if the user's write fails.
 * - `removeFrom`: the user stops being an active direct report of this manager. Written AFTER
 *   the user's document, so a crash leaves an extra entry, which only ever refuses.
 */
export interface LedgerEffects {
  readonly addTo: string | null;
  readonly removeFrom: string | null;
}

export type Decision =
  | { readonly allowed: true; readonly ledger: LedgerEffects }
  | { readonly allowed: false; readonly refusal: Refusal };

export function decideChange(change: LifecycleChange, facts: LifecycleFacts, policy: TenantPolicy): Decision {
  switch (change.kind) {
    case 'create':
      return decideWrite(null, change.after, facts, policy);
    case 'update':
      return decideWrite(change.before, change.after, facts, policy);
    case 'delete':
      return decideDelete(change.before, facts);
  }
}

function decideWrite(
  before: UserState | null,
  after: UserState,
  facts: LifecycleFacts,
  policy: TenantPolicy,
): Decision {
  const action = actionOf(before, after);
  const user = refOf(after);
  const ledger = ledgerEffects(before, after);

  // A reference is judged when the request sets it (create, a new manager) or when the user becomes
  // an active report under it again (reactivation). An untouched reference on an otherwise edited
  // user is not this request's doing and must not block the edit.
  const managerId = after.managerId;
  if (managerId !== null && (before?.managerId !== managerId || ledger.addTo !== null)) {
    const refusal = managerReferenceRefusal(action, after, managerId, facts);
    if (refusal !== null) return refused(refusal);
  }

  const deactivating = before !== null && before.active && !after.active;
  if (deactivating && after.id === facts.ownerId) {
    return refused({ kind: 'owner-protected', reason: 'owner', action: 'deactivate', user });
  }
  if (deactivating && facts.activeReports.length > 0) {
    return refused({
      kind: 'has-active-reports',
      reason: 'active-reports',
      action: 'deactivate',
      user,
      reports: facts.activeReports,
    });
  }

  // I1, manager side: exactly when the user becomes an active report of a manager, which is also
  // when the store's conditional ledger write re-checks that manager's `active` atomically.
  const manager = facts.proposedManager;
  if (ledger.addTo !== null && manager !== null && !manager.active) {
    return refused({
      kind: 'inactive-manager',
      reason: 'inactive-manager',
      action,
      user,
      manager: refOf(manager),
    });
  }

  // I3: only a change of `active` needs a complete profile; creating a user is not a status change.
  if (before !== null && before.active !== after.active) {
    const missing = missingRequiredFields(after.profile, policy);
    if (missing.length > 0) {
      return refused({
        kind: 'incomplete-profile',
        reason: 'incomplete-profile',
        action: after.active ? 'reactivate' : 'deactivate',
        user,
        missing,
      });
    }
  }

  return { allowed: true, ledger };
}

function decideDelete(before: UserState, facts: LifecycleFacts): Decision {
  const user = refOf(before);
  if (before.id === facts.ownerId) {
    return refused({ kind: 'owner-protected', reason: 'owner', action: 'delete', user });
  }
  if (facts.activeReports.length > 0) {
    return refused({
      kind: 'has-active-reports',
      reason: 'active-reports',
      action: 'delete',
      user,
      reports: facts.activeReports,
    });
  }
  return { allowed: true, ledger: ledgerEffects(before, null) };
}

function managerReferenceRefusal(
  action: LifecycleAction,
  user: UserState,
  managerId: string,
  facts: LifecycleFacts,
): Refusal | null {
  // Self first: on create the user is not stored yet, so the lookup would call it unknown.
  if (managerId === user.id) {
    return { kind: 'invalid-manager', reason: 'self-manager', action, user: refOf(user) };
  }
  if (!facts.proposedManagerExists || facts.proposedManager === null) {
    return { kind: 'invalid-manager', reason: 'unknown-manager', action, user: refOf(user), managerId };
  }
  if (facts.managerChainOfProposed.includes(user.id)) {
    return {
      kind: 'invalid-manager',
      reason: 'manager-cycle',
      action,
      user: refOf(user),
      manager: refOf(facts.proposedManager),
    };
  }
  return null;
}

/** Whose active direct report the user is: nobody's while inactive (the ledger holds active reports only). */
function activeReportOf(state: UserState | null): string | null {
  return state !== null && state.active ? state.managerId : null;
}

function ledgerEffects(before: UserState | null, after: UserState | null): LedgerEffects {
  const from = activeReportOf(before);
  const to = activeReportOf(after);
  return from === to ? { addTo: null, removeFrom: null } : { addTo: to, removeFrom: from };
}

function actionOf(before: UserState | null, after: UserState): LifecycleAction {
  if (before === null) return 'create';
  if (before.active && !after.active) return 'deactivate';
  if (!before.active && after.active) return 'reactivate';
  return 'update';
}

function refOf(user: UserRef): UserRef {
  return { id: user.id, userName: user.userName };
}

function refused(refusal: Refusal): Decision {
  return { allowed: false, refusal };
}
