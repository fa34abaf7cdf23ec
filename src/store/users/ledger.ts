import type { Clock } from '../clock';
import type { TenantDocuments } from '../tenant-documents';
import type { UserDocument } from './user-document';

/**
 * The I1 ledger on a manager's document: the ids of their active direct reports (docs/domain.md).
 * Every operation is one single-document update, so it is atomic wherever updates are. `manager`:
 * the manager's document as read in the same write-lane turn (TenantDocuments.update's `current`).
 */
export function activeReportsLedger(users: TenantDocuments<UserDocument>, now: Clock) {
  return {
    /**
     * Records `reportId` as an active report of `managerId`, only while the manager is active.
     * False when the manager is not active (or not there): the caller re-decides.
     */
    async add(
      tenantId: string,
      managerId: string,
      reportId: string,
      manager?: UserDocument | null,
    ): Promise<boolean> {
      const added = await users.update(
        tenantId,
        managerId,
        { active: true, activeReports: { $ne: reportId } },
        { $push: { activeReports: reportId }, $set: { [`activeReportsAt.${reportId}`]: now() } },
        manager,
      );
      if (added) return true;
      // Already recorded (a retried request) counts as recorded, as long as the manager is active.
      const stored = await users.get(tenantId, managerId);
      return stored !== null && stored.active && stored.activeReports.includes(reportId);
    },

    async remove(
      tenantId: string,
      managerId: string,
      reportId: string,
      manager?: UserDocument | null,
    ): Promise<void> {
      await users.update(
        tenantId,
        managerId,
        {},
        { $pull: { activeReports: reportId }, $unset: { [`activeReportsAt.${reportId}`]: '' } },
        manager,
      );
    },

    /**
     * How long ago `reportId` was entered on `manager`'s ledger; Infinity when the time is unknown
     * (entries written before times were kept).
     */
    ageMs(manager: Pick<UserDocument, 'activeReportsAt'>, reportId: string): number {
      const since = manager.activeReportsAt?.[reportId];
      return since === undefined ? Number.POSITIVE_INFINITY : now().getTime() - new Date(since).getTime();
    },
  };
}

export type ActiveReportsLedger = ReturnType<typeof activeReportsLedger>;
