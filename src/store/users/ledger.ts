import type { TenantDocuments } from '../tenant-documents';
import type { UserDocument } from './user-document';

/**
 * The I1 ledger on a manager's document: the ids of their active direct reports (docs/domain.md).
 * Every operation is one single-document update, so it is atomic wherever updates are.
 */
export function activeReportsLedger(users: TenantDocuments<UserDocument>) {
  return {
    /**
     * Records `reportId` as an active report of `managerId`, only while the manager is active.
     * False when the manager is not active (or not there): the caller re-decides.
     */
    async add(tenantId: string, managerId: string, reportId: string): Promise<boolean> {
      const added = await users.update(
        tenantId,
        managerId,
        { active: true, activeReports: { $ne: reportId } },
        { $push: { activeReports: reportId }, $set: { [`activeReportsAt.${reportId}`]: new Date() } },
      );
      if (added) return true;
      // Already recorded (a retried request) counts as recorded, as long as the manager is active.
      const manager = await users.get(tenantId, managerId);
      return manager !== null && manager.active && manager.activeReports.includes(reportId);
    },

    async remove(tenantId: string, managerId: string, reportId: string): Promise<void> {
      await users.update(
        tenantId,
        managerId,
        {},
        { $pull: { activeReports: reportId }, $unset: { [`activeReportsAt.${reportId}`]: '' } },
      );
    },
  };
}

export type ActiveReportsLedger = ReturnType<typeof activeReportsLedger>;
