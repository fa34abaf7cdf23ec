import type { TenantDocuments } from '../tenant-documents';
import type { LifecycleFacts, UserRef } from '../../domain';
import type { UserDocument } from './user-document';
import type { ActiveReportsLedger } from './ledger';
import { isActiveReportOf, managerChain } from './reporting-line';

/**
 * Reads what the lifecycle rules need about a write: the owner, the proposed manager and the
 * chain above them (cycles), and the user's active reports from the I1 ledger. Ledger entries no
 * longer backed by their report and older than the lease are dropped here (self-repair); younger
 * ones may belong to a write in flight, so they still count: a leftover only ever refuses.
 *
 * The one facts assembly: the write and its dry run (dry-run.ts) both call it, over the store's
 * documents or over a snapshot of them.
 */
export function lifecycleFacts(
  users: TenantDocuments<UserDocument>,
  ledger: ActiveReportsLedger,
  leaseMs: number,
) {
  async function activeReports(user: UserDocument): Promise<UserRef[]> {
    if (user.activeReports.length === 0) return [];
    const reports = await users.getMany(user.tenantId, user.activeReports);
    const byId = new Map(reports.map((r) => [r._id, r]));
    const refs: UserRef[] = [];
    for (const id of user.activeReports) {
      const report = byId.get(id);
      if (isActiveReportOf(user, report)) {
        refs.push({ id, userName: report!.userName });
        continue;
      }
      if (ledger.ageMs(user, id) > leaseMs)
        await ledger.drop(user.tenantId, user._id, id, user.activeReportsAt?.[id]);
      else refs.push({ id, userName: report?.userName ?? id });
    }
    return refs;
  }

  /**
   * The facts, and the documents read for them that the write may reuse in the same lane turn:
   * the proposed manager (the ledger's condition, the response's manager.displayName) and whether
   * the user's own ledger was repaired (then `before` is stale).
   */
  return async function gather(
    tenantId: string,
    ownerId: string | null,
    before: UserDocument | null,
    after: UserDocument | null,
  ): Promise<{ facts: LifecycleFacts; manager: UserDocument | null; repaired: boolean }> {
    const managerId = after?.managerId;
    const manager = managerId ? await users.get(tenantId, managerId) : null;
    const leaving = before !== null && before.active && (after === null || !after.active);
    const reports = leaving ? await activeReports(before) : [];
    const facts: LifecycleFacts = {
      ownerId,
      proposedManager: manager
        ? { id: manager._id, userName: manager.userName, active: manager.active }
        : null,
      proposedManagerExists: manager !== null,
      // A cycle needs the user to be above their new manager already: a user being created (a
      // fresh id) can't be, so only a manager change on an existing user walks the chain.
      managerChainOfProposed:
        manager && before !== null && managerId !== before.managerId
          ? await managerChain(manager._id, async (id) =>
              // The proposed manager is already read: its parent comes from it, not a second read.
              id === manager._id ? manager.managerId : (await users.get(tenantId, id))?.managerId,
            )
          : [],
      activeReports: reports,
    };
    return {
      facts,
      manager,
      repaired: leaving && reports.length !== before.activeReports.length,
    };
  };
}

export type LifecycleFactsOf = ReturnType<typeof lifecycleFacts>;
