import {
  planManagerDeactivation,
  refusalToError,
  RosterError,
  type Actor,
  type ReassignmentRequest,
  type ReportMove,
  type UserState,
} from '../../domain';
import type { TenantDocuments } from '../tenant-documents';
import type { TenantStore } from '../tenants/tenant-store';
import { isActiveReportOf } from './reporting-line';
import type { UserDocument } from './user-document';
import { userStateOf } from './user-state';
import type { AuditTrail, UserDraft, UserWrites } from './user-writes';

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

/**
 * "Deactivate a Manager" (seed article; docs/contract.md POST /api/v1/users/{id}/deactivate):
 * the manager's active direct reports get their new managers, then the manager is deactivated.
 * Every write is decided before the first one is made — the plan as a whole
 * (planManagerDeactivation, src/domain), then each move and the final deactivation through the
 * store's own writes run dry (dry-run.ts: I1 cycles, I2, I3) — so a refusal changes nothing.
 *
 * Each write is then an ordinary guarded update, so dying half way leaves a valid state: some
 * reports already under their new managers. Repeating the request converges: moved reports are
 * no longer active reports of the manager, and `reassign` entries already carried out are
 * dropped rather than refused as strangers. A change made by someone else in between is judged
 * by the guard when the write happens (a new report appearing makes the final step a 409).
 */
export function managerDeactivation(deps: {
  docs: TenantDocuments<UserDocument>;
  tenants: Pick<TenantStore, 'byId'>;
  audit: AuditTrail;
  writes: Pick<UserWrites, 'update'>;
  dryRun: () => Pick<UserWrites, 'update'>;
}) {
  const { docs, tenants, audit, writes } = deps;

  return async function deactivateManager(
    tenantId: string,
    managerId: string,
    request: ReassignmentRequest,
    actor: Actor,
  ): Promise<ManagerDeactivation> {
    const manager = await docs.get(tenantId, managerId);
    if (!manager) throw new RosterError('not-found', `User ${managerId} not found.`);
    const reports = await activeReportsOf(manager);
    const pending = await withoutMovesDone(tenantId, request, reports);
    const newManagerIds =
      pending.reassignAllTo !== undefined ? [pending.reassignAllTo] : Object.values(pending.reassign ?? {});
    const candidates = await docs.getMany(tenantId, [...new Set(newManagerIds)]);
    const tenant = await tenants.byId(tenantId);

    const plan = planManagerDeactivation(
      userStateOf(manager),
      reports.map(userStateOf),
      pending,
      new Map<string, UserState>(candidates.map((c) => [c._id, userStateOf(c)])),
      tenant?.ownerId ?? null,
    );
    const refuse = async (error: RosterError): Promise<never> => {
      await audit.refused(
        tenantId,
        actor,
        'deactivate',
        { id: manager._id, userName: manager.userName },
        error,
      );
      throw error;
    };
    if (!plan.allowed) return refuse(refusalToError(plan.refusal));

    try {
      await applyPlan(deps.dryRun().update, tenantId, manager._id, plan.moves, actor);
    } catch (err) {
      if (err instanceof RosterError) return refuse(err);
      throw err;
    }
    const { user, moved } = await applyPlan(writes.update, tenantId, manager._id, plan.moves, actor);

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
  };

  /** The manager's active direct reports: their I1 ledger, each entry confirmed by the report's own document. */
  async function activeReportsOf(manager: UserDocument): Promise<UserDocument[]> {
    const reports = await docs.getMany(manager.tenantId, manager.activeReports);
    const byId = new Map(reports.map((r) => [r._id, r]));
    return manager.activeReports
      .map((id) => byId.get(id))
      .filter((r): r is UserDocument => isActiveReportOf(manager, r));
  }

  /** A repeated request: `reassign` entries for reports already under their new manager are done, not strangers. */
  async function withoutMovesDone(
    tenantId: string,
    request: ReassignmentRequest,
    reports: readonly UserDocument[],
  ): Promise<ReassignmentRequest> {
    const { reassign } = request;
    if (reassign === undefined) return request;
    const current = new Set(reports.map((r) => r._id));
    const others = Object.keys(reassign).filter((id) => !current.has(id));
    const done = new Set(
      (await docs.getMany(tenantId, others)).filter((u) => u.managerId === reassign[u._id]).map((u) => u._id),
    );
    return { reassign: Object.fromEntries(Object.entries(reassign).filter(([id]) => !done.has(id))) };
  }
}

type Update = UserWrites['update'];

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
      (before): UserDraft => ({ ...before, active: false }),
      {},
      actor,
    );
    return { user, moved };
  } catch (err) {
    // Moving the last report carried out the manager's pending DELETE (pending-completion.ts):
    // the same in the dry run, whose completion stays in its snapshot.
    if (err instanceof RosterError && err.kind === 'not-found' && moved.length > 0)
      return { user: null, moved };
    throw err;
  }
}

/** A report already moved by someone else since the plan was read keeps the manager they have now. */
function movedFrom(report: UserDocument, fromId: string, toId: string): UserDraft {
  return report.managerId === fromId ? { ...report, managerId: toId } : report;
}
