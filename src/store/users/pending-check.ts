import { missingRequiredFields } from '../../domain';
import type { Unblocking } from '../audit/audit-log';
import type { TenantDocuments } from '../tenant-documents';
import type { TenantStore } from '../tenants/tenant-store';
import type { Finding } from './consistency-check';
import type { CompletionOutcome } from './pending-completion';
import type { PendingDeactivations } from './pending-deactivations';
import type { UserDocument } from './user-document';
import { userStateOf } from './user-state';

const REPAIR: Unblocking = { actor: 'roster check', channel: 'admin', action: 'repair', user: null };

/**
 * `roster check`'s part for pending deactivations: those whose block is gone although Roster
 * did not finish them (the process died between the write that ended the block and the
 * completion). With `repair` they are completed now, through the guard as always.
 */
export function pendingCheck(deps: {
  pending: PendingDeactivations;
  docs: TenantDocuments<UserDocument>;
  tenants: TenantStore;
  complete: (tenantId: string, userId: string, unblockedBy: Unblocking) => Promise<CompletionOutcome>;
}) {
  const { docs, tenants, pending, complete } = deps;

  /**
   * Nothing blocks it: not the owner, an empty I1 ledger, a complete profile. A ledger entry no
   * longer backed by its report still counts here: the consistency check reports it and its
   * repair (which runs first) drops it once past its lease, and then this finds the request free.
   */
  function unblocked(user: UserDocument, ownerId: string | null, required: readonly string[]): boolean {
    if (user._id === ownerId || user.primaryOwner || user.activeReports.length > 0) return false;
    const deactivating = user.active && user.pendingDeactivation?.action === 'deactivate';
    return (
      !deactivating ||
      missingRequiredFields(userStateOf(user).profile, { requiredFields: required }).length === 0
    );
  }

  return async function check(tenantId: string, opts: { repair: boolean }): Promise<Finding[]> {
    const tenant = await tenants.byId(tenantId);
    const ownerId = tenant?.ownerId ?? null;
    const required = tenant?.policy.requiredFields ?? [];
    const findings: Finding[] = [];
    for (const view of await pending.list(tenantId)) {
      const user = await docs.get(tenantId, view.user.id);
      if (!user || !unblocked(user, ownerId, required)) continue;
      const repaired = opts.repair && (await complete(tenantId, user._id, REPAIR)) === 'completed';
      findings.push({
        kind: 'pending-unblocked',
        userId: user._id,
        userName: user.userName,
        action: view.action,
        repaired,
      });
    }
    return findings;
  };
}
