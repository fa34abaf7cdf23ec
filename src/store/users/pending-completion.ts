import { isRosterError } from '../../domain';
import type { Unblocking } from '../audit/audit-log';
import type { TenantDocuments } from '../tenant-documents';
import type { Completing, PendingRequests } from './pending-deactivations';
import type { UserDocument } from './user-document';

/** How a completion attempt ended. */
export type CompletionOutcome = 'completed' | 'blocked' | 'none';

/** The guard's own writes, run inside the caller's lane turn, carrying out a pending request. */
export interface CompletingWrites {
  deactivate(tenantId: string, userId: string, completing: Completing): Promise<void>;
  remove(tenantId: string, userId: string, completing: Completing): Promise<void>;
}

/** Refusals that mean "still blocked" rather than a fault: the request stays pending. */
const STILL_BLOCKED = new Set(['has-active-reports', 'owner-protected', 'write-conflict', 'not-found']);

/**
 * Carries out a user's pending deactivation once nothing blocks it (docs/contract.md "Pending
 * deactivations"), through the lifecycle guard: the same decision and the same conditional
 * write as any deactivation or delete, plus the request's id in the write's precondition, so
 * two processes racing to finish it finish it once. Called where a block may have ended: a
 * report left the user's I1 ledger, ownership moved on, the user's own profile changed, or
 * `roster check --repair`.
 */
export function pendingCompletion(deps: {
  docs: TenantDocuments<UserDocument>;
  pending: Pick<PendingRequests, 'markIncomplete'>;
  writes: CompletingWrites;
}) {
  const { docs, pending, writes } = deps;

  async function complete(
    tenantId: string,
    userId: string,
    unblockedBy: Unblocking,
  ): Promise<CompletionOutcome> {
    const user = await docs.get(tenantId, userId);
    const request = user?.pendingDeactivation;
    if (!user || !request) return 'none';
    // Cheap first look: the guard would refuse anyway (a report still listed, the owner flag).
    if (stillBlocked(user, null)) return 'blocked';
    const completing = { pending: request, unblockedBy };
    try {
      if (request.action === 'delete') await writes.remove(tenantId, userId, completing);
      else await writes.deactivate(tenantId, userId, completing);
      return 'completed';
    } catch (err) {
      if (!isRosterError(err)) throw err;
      if (err.kind === 'incomplete-profile') {
        await pending.markIncomplete(tenantId, user, completing, err);
        return 'blocked';
      }
      if (STILL_BLOCKED.has(err.kind)) return 'blocked';
      throw err;
    }
  }

  return {
    complete,
    /**
     * After a write that ended something another user's request may wait on. The write that got
     * here has already succeeded: a failure to finish the other request must not turn its answer
     * into an error, so it is left pending for the next chance or `roster check --repair`.
     */
    async afterBlockMayHaveEnded(tenantId: string, userId: string, unblockedBy: Unblocking): Promise<void> {
      await complete(tenantId, userId, unblockedBy).catch(() => 'blocked');
    },
  };
}

export type PendingCompletion = ReturnType<typeof pendingCompletion>;

/**
 * Completion's first look, on `user` as read: the primary owner, or an active report listed
 * besides `leaving` (a report whose entry the caller's write takes back), blocks the request.
 */
export function stillBlocked(user: UserDocument, leaving: string | null): boolean {
  return user.primaryOwner || user.activeReports.some((reportId) => reportId !== leaving);
}
