import {
  planManagerDeactivation,
  refusalToError,
  RosterError,
  type Actor,
  type ReassignmentRequest,
  type ReportMove,
  type UserState,
} from '../../domain';
import { type Store, userDryRun, type UserDocument, type UserDraft, userStateOf } from '../../store';
import { bodyObject, ID_PATTERN } from '../request';
import { applyProfileEdits } from './user-profile';

/** A report moved by the request, named for the page's confirmation. */
export interface MoveMade {
  reportId: string;
  reportUserName: string;
  newManagerId: string;
  newManagerUserName: string;
}

export interface ManagerDeactivation {
  user: UserDocument;
  moves: MoveMade[];
  /** The last move let Roster carry out the manager's pending DELETE (docs/contract.md): they are gone. */
  deleted?: true;
}

const EXAMPLE = '{}, {"reassignAllTo": "<user id>"} or {"reassign": {"<report id>": "<new manager id>"}}';

/** The body of POST /api/v1/users/{id}/deactivate. */
export function reassignmentRequestOf(body: unknown): ReassignmentRequest {
  const { reassignAllTo, reassign } = bodyObject(body, ['reassignAllTo', 'reassign'], EXAMPLE);
  if (reassignAllTo !== undefined && reassign !== undefined) {
    throw new RosterError('invalid-value', `Send reassignAllTo or reassign, not both: ${EXAMPLE}.`);
  }
  if (reassignAllTo !== undefined) return { reassignAllTo: idOf('reassignAllTo', reassignAllTo) };
  if (reassign === undefined) return {};
  if (typeof reassign !== 'object' || reassign === null || Array.isArray(reassign)) {
    throw new RosterError('invalid-value', `reassign must map report ids to new manager ids: ${EXAMPLE}.`);
  }
  const entries = Object.entries(reassign).map(([reportId, newManagerId]) => [
    idOf('a reassign key', reportId),
    idOf(`reassign["${reportId}"]`, newManagerId),
  ]);
  return { reassign: Object.fromEntries(entries) as Record<string, string> };
}

function idOf(what: string, value: unknown): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new RosterError('invalid-value', `${what} must be a user id (got ${JSON.stringify(value)}).`);
  }
  return value;
}

/**
 * "Deactivate a Manager" (seed article): the manager's active direct reports get their new
 * managers, then the manager is deactivated. Every write is decided before the first one is
 * made — the plan as a whole (planManagerDeactivation), then each move and the final
 * deactivation in a dry run of the store (I1 cycles, I2, I3) — so a refusal changes nothing.
 *
 * Each write is then an ordinary guarded update, so dying half way leaves a valid state: some
 * reports already under their new managers. Repeating the request converges: moved reports are
 * no longer active reports of the manager, and `reassign` entries already carried out are
 * dropped rather than refused as strangers. A change made by someone else in between is judged
 * by the guard when the write happens (a new report appearing makes the final step a 409).
 */
export async function deactivateManager(
  store: Store,
  tenantId: string,
  managerId: string,
  request: ReassignmentRequest,
  actor: Actor,
): Promise<ManagerDeactivation> {
  const manager = await store.users.byId(tenantId, managerId);
  if (!manager) throw new RosterError('not-found', `User ${managerId} not found.`);
  const reports = await activeReportsOf(store, manager);
  const pending = await withoutMovesDone(store, tenantId, request, reports);
  const newManagerIds =
    pending.reassignAllTo !== undefined ? [pending.reassignAllTo] : Object.values(pending.reassign ?? {});
  const candidates = await store.users.byIds(tenantId, [...new Set(newManagerIds)]);
  const tenant = await store.tenants.byId(tenantId);

  const plan = planManagerDeactivation(
    userStateOf(manager),
    reports.map(userStateOf),
    pending,
    new Map<string, UserState>(candidates.map((c) => [c._id, userStateOf(c)])),
    tenant?.ownerId ?? null,
  );
  const refuse = async (error: RosterError): Promise<never> => {
    await store.audit.refused(
      tenantId,
      actor,
      'deactivate',
      { id: manager._id, userName: manager.userName },
      error,
    );
    throw error;
  };
  if (!plan.allowed) return refuse(refusalToError(plan.refusal));

  const dryRun = userDryRun({ reads: store.users, tenants: store.tenants });
  try {
    await applyPlan(dryRun.update, tenantId, manager._id, plan.moves, actor);
  } catch (err) {
    if (err instanceof RosterError) return refuse(err);
    throw err;
  }
  const { user, moved } = await applyPlan(store.users.update, tenantId, manager._id, plan.moves, actor);

  const names = new Map([...reports, ...candidates].map((u) => [u._id, u.userName]));
  return {
    user: user ?? { ...manager, active: false },
    ...(user === null ? { deleted: true as const } : {}),
    moves: moved.map(({ reportId, newManagerId }) => ({
      reportId,
      reportUserName: names.get(reportId)!,
      newManagerId,
      newManagerUserName: names.get(newManagerId)!,
    })),
  };
}

type Update = Store['users']['update'];

/**
 * The moves, then the deactivation, through `update`: the store's, or its dry run's. Returns the
 * deactivated manager and the moves this call made.
 */
async function applyPlan(
  update: Update,
  tenantId: string,
  managerId: string,
  moves: readonly ReportMove[],
  actor: Actor,
): Promise<{ user: UserDocument | null; moved: ReportMove[] }> {
  const moved: ReportMove[] = [];
  for (const move of moves) {
    const { reportId, newManagerId } = move;
    const report = await update(
      tenantId,
      reportId,
      (before) => movedFrom(before, managerId, newManagerId),
      {},
      actor,
    );
    if (report.managerId === newManagerId) moved.push(move);
  }
  try {
    const user = await update(
      tenantId,
      managerId,
      (before) => applyProfileEdits(before, { active: false }),
      {},
      actor,
    );
    return { user, moved };
  } catch (err) {
    // Moving the last report carried out the manager's pending DELETE (store/users/pending-*).
    if (err instanceof RosterError && err.kind === 'not-found' && moved.length > 0)
      return { user: null, moved };
    throw err;
  }
}

/** A report already moved by someone else since the plan was read keeps the manager they have now. */
function movedFrom(report: UserDocument, fromId: string, toId: string): UserDraft {
  return report.managerId === fromId ? applyProfileEdits(report, { managerId: toId }) : report;
}

/** The manager's active direct reports: their I1 ledger, each entry confirmed by the report's own document. */
async function activeReportsOf(store: Store, manager: UserDocument): Promise<UserDocument[]> {
  const reports = await store.users.byIds(manager.tenantId, manager.activeReports);
  const byId = new Map(reports.map((r) => [r._id, r]));
  return manager.activeReports
    .map((id) => byId.get(id))
    .filter((r): r is UserDocument => r !== undefined && r.active && r.managerId === manager._id);
}

/** A repeated request: `reassign` entries for reports already under their new manager are done, not strangers. */
async function withoutMovesDone(
  store: Store,
  tenantId: string,
  request: ReassignmentRequest,
  reports: readonly UserDocument[],
): Promise<ReassignmentRequest> {
  const { reassign } = request;
  if (reassign === undefined) return request;
  const current = new Set(reports.map((r) => r._id));
  const others = Object.keys(reassign).filter((id) => !current.has(id));
  const done = new Set(
    (await store.users.byIds(tenantId, others))
      .filter((u) => u.managerId === reassign[u._id])
      .map((u) => u._id),
  );
  return { reassign: Object.fromEntries(Object.entries(reassign).filter(([id]) => !done.has(id))) };
}
