import type { TenantDocuments } from '../tenant-documents';
import { decideOwnerTransfer, refusalToError, type Actor } from '../../domain';
import type { AuditLog, Unblocking } from '../audit/audit-log';
import type { TenantStore } from '../tenants/tenant-store';
import type { WriteLane } from '../write-lane';
import type { UserDocument } from './user-document';
import { userStateOf } from './user-state';

/**
 * Makes `userId` the tenant's primary owner (I2). Three single-document writes, each safe to die
 * after: flag the new owner (only while active), point the tenant at them, unflag the old owner.
 * A crash leaves two flagged users, which only protects one more user from deactivation until
 * `roster check --repair` (or the next transfer) clears the stale flag.
 */
export function ownerTransfer(deps: {
  docs: TenantDocuments<UserDocument>;
  tenants: TenantStore;
  audit: AuditLog;
  lane: WriteLane;
  /** The previous owner's pending deactivation may go ahead now (pending-completion.ts). */
  afterOwnerReleased?: (tenantId: string, userId: string, unblockedBy: Unblocking) => Promise<unknown>;
}) {
  const { docs, tenants, audit, lane, afterOwnerReleased } = deps;
  return async function transferOwnership(
    tenantId: string,
    userId: string,
    actor: Actor,
  ): Promise<UserDocument> {
    return lane.run(tenantId, async () => {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const target = await docs.get(tenantId, userId);
        const decision = decideOwnerTransfer(target ? userStateOf(target) : null);
        if (!decision.allowed) {
          const error = refusalToError(decision.refusal);
          await audit.refused(
            tenantId,
            actor,
            'owner-transfer',
            { id: userId, userName: target?.userName ?? null },
            error,
          );
          throw error;
        }
        const flagged = await docs.update(
          tenantId,
          userId,
          { active: true },
          { $set: { primaryOwner: true } },
        );
        if (!flagged) continue;
        const previous = (await tenants.byId(tenantId))?.ownerId ?? null;
        await tenants.setOwnerId(tenantId, userId);
        if (previous && previous !== userId) {
          await docs.update(tenantId, previous, {}, { $set: { primaryOwner: false } });
        }
        const user = { id: userId, userName: target!.userName };
        await audit.applied(tenantId, actor, 'owner-transfer', user);
        if (previous && previous !== userId) {
          await afterOwnerReleased?.(tenantId, previous, {
            actor: actor.tokenName,
            channel: actor.channel,
            action: 'owner-transfer',
            user,
          });
        }
        return { ...target!, primaryOwner: true };
      }
      throw refusalToError({ kind: 'invalid-value', reason: 'unknown-new-owner' });
    });
  };
}
