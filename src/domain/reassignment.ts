import type { Refusal } from './refusal';
import type { UserRef, UserState } from './user-state';

/**
 * The admin "Deactivate a Manager" flow (seed article; docs/contract.md POST /api/v1/users/{id}/deactivate):
 * the manager's active direct reports get new managers, then the manager is deactivated. This module
 * checks the request as a whole and turns it into moves; nothing is written when it refuses.
 *
 * What it leaves to decideChange, which the store runs for every move (an `update` of the report's
 * managerId) and then for the manager's own deactivation, before writing anything: cycles through
 * a new manager's own reporting line, the ledger writes, I3 on the manager, and anything that
 * changed since this plan's read.
 *
 * Order of checks: I2 owner; ids in `reassign` that are not active reports; active reports left
 * without a new manager (I1); then each new manager, in the order of the reports: the manager
 * being deactivated, one of the reports being moved, unknown, inactive.
 */

/** `{}`: the manager must have no active reports; otherwise all to one manager, or one by one. */
export type ReassignmentRequest =
  | { readonly reassignAllTo?: undefined; readonly reassign?: undefined }
  | { readonly reassignAllTo: string; readonly reassign?: undefined }
  | { readonly reassign: Readonly<Record<string, string>>; readonly reassignAllTo?: undefined };

export interface ReportMove {
  readonly reportId: string;
  readonly newManagerId: string;
}

export type ReassignmentPlan =
  | { readonly allowed: true; readonly moves: readonly ReportMove[] }
  | { readonly allowed: false; readonly refusal: Refusal };

/**
 * @param activeReports the manager's active direct reports, as stored.
 * @param candidates every user the request names as a new manager, as stored, by id; a missing
 *   id is an unknown user.
 */
export function planManagerDeactivation(
  manager: UserState,
  activeReports: readonly UserState[],
  request: ReassignmentRequest,
  candidates: ReadonlyMap<string, UserState>,
  ownerId: string | null,
): ReassignmentPlan {
  const user = refOf(manager);
  // I2 first: reassigning the team would be wasted work, as the owner cannot be deactivated at all.
  if (manager.id === ownerId) {
    return refused({ kind: 'owner-protected', reason: 'owner', action: 'deactivate', user });
  }

  const reportsById = new Map(activeReports.map((report) => [report.id, report]));
  const newManagerOf = requestedMoves(request, activeReports);

  // A Map built from own entries: `__proto__` or `constructor` is just an id no report has.
  const strangers = [...newManagerOf.keys()].filter((id) => !reportsById.has(id));
  if (strangers.length > 0) {
    return refused({
      kind: 'invalid-value',
      reason: 'not-an-active-report',
      action: 'deactivate',
      user,
      ids: strangers,
    });
  }

  const moves: ReportMove[] = [];
  const leftOut: UserRef[] = [];
  const reportsByNewManager = new Map<string, UserRef[]>();
  for (const report of activeReports) {
    const newManagerId = newManagerOf.get(report.id);
    if (newManagerId === undefined) {
      leftOut.push(refOf(report));
      continue;
    }
    moves.push({ reportId: report.id, newManagerId });
    const group = reportsByNewManager.get(newManagerId);
    if (group === undefined) reportsByNewManager.set(newManagerId, [refOf(report)]);
    else group.push(refOf(report));
  }

  // I1: a report left out would keep a deactivated manager.
  if (leftOut.length > 0) {
    const reason = request.reassign === undefined ? 'active-reports' : 'reports-not-reassigned';
    return refused({ kind: 'has-active-reports', reason, action: 'deactivate', user, reports: leftOut });
  }

  for (const [newManagerId, reports] of reportsByNewManager) {
    const refusal = newManagerRefusal(user, newManagerId, reports, reportsById, candidates);
    if (refusal !== null) return refused(refusal);
  }
  return { allowed: true, moves };
}

/** Report id → new manager id, as the request asks. */
function requestedMoves(
  request: ReassignmentRequest,
  activeReports: readonly UserState[],
): Map<string, string> {
  if (request.reassignAllTo !== undefined) {
    const newManagerId = request.reassignAllTo;
    return new Map(activeReports.map((report) => [report.id, newManagerId]));
  }
  return new Map(request.reassign === undefined ? [] : Object.entries(request.reassign));
}

function newManagerRefusal(
  user: UserRef,
  newManagerId: string,
  reports: readonly UserRef[],
  reportsById: ReadonlyMap<string, UserState>,
  candidates: ReadonlyMap<string, UserState>,
): Refusal | null {
  // I1: they would report to a user this very request deactivates.
  if (newManagerId === user.id) {
    return {
      kind: 'inactive-manager',
      reason: 'new-manager-is-being-deactivated',
      action: 'deactivate',
      user,
      reports,
    };
  }
  // A team moving under one of its own members: for one report that is being their own manager,
  // for two moved under each other a cycle; the flow refuses the whole family (contract: 409).
  const movingReport = reportsById.get(newManagerId);
  if (movingReport !== undefined) {
    return {
      kind: 'inactive-manager',
      reason: 'new-manager-is-being-moved',
      action: 'deactivate',
      user,
      newManager: refOf(movingReport),
      reports,
    };
  }
  const newManager = candidates.get(newManagerId);
  if (newManager === undefined) {
    return {
      kind: 'invalid-manager',
      reason: 'unknown-new-manager',
      action: 'deactivate',
      user,
      newManagerId,
      reports,
    };
  }
  if (!newManager.active) {
    return {
      kind: 'inactive-manager',
      reason: 'new-manager-inactive',
      action: 'deactivate',
      user,
      newManager: refOf(newManager),
      reports,
    };
  }
  return null;
}

function refOf(user: UserRef): UserRef {
  return { id: user.id, userName: user.userName };
}

function refused(refusal: Refusal): ReassignmentPlan {
  return { allowed: false, refusal };
}
