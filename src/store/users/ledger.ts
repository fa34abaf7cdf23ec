import type { Clock } from '../clock';
import type { TenantDocuments } from '../tenant-documents';
import type { UserDocument } from './user-document';

/** Steps a claim or release retries when the entry changes under it (another write's step each time). */
const MAX_STEPS = 8;

/**
 * The I1 ledger on a manager's document: the ids of their active direct reports (docs/domain.md).
 * Every operation is one single-document update, so it is atomic wherever updates are. `manager`:
 * the manager's document as read in the same write-lane turn (TenantDocuments.update's `current`).
 *
 * Several writes may stand on one entry at once (two reactivations of the same report, a move
 * back while the move away has not yet released it), so an entry counts its claims
 * (`activeReportsClaims`; none recorded: one, an entry older than the count) and each write
 * takes back only its own: the entry goes when its last claim does. A plain set lost the entry
 * the winning write needed when the losing one took "its" entry back.
 */
export function activeReportsLedger(users: TenantDocuments<UserDocument>, now: Clock) {
  const at = (reportId: string) => `activeReportsAt.${reportId}`;
  const claims = (reportId: string) => `activeReportsClaims.${reportId}`;

  return {
    /**
     * Claims `reportId`'s entry on `managerId`'s ledger, only while the manager is active.
     * False when the manager is not active (or not there): nothing was claimed; the caller re-decides.
     */
    async add(
      tenantId: string,
      managerId: string,
      reportId: string,
      manager?: UserDocument | null,
    ): Promise<boolean> {
      for (let step = 0; step < MAX_STEPS; step += 1) {
        const time = now();
        const first = await users.update(
          tenantId,
          managerId,
          { active: true, activeReports: { $ne: reportId } },
          { $push: { activeReports: reportId }, $set: { [at(reportId)]: time, [claims(reportId)]: 1 } },
          step === 0 ? manager : undefined,
        );
        if (first) return true;
        const counted = await users.update(
          tenantId,
          managerId,
          { active: true, activeReports: reportId, [claims(reportId)]: { $exists: true } },
          { $inc: { [claims(reportId)]: 1 }, $set: { [at(reportId)]: time } },
        );
        if (counted) return true;
        const uncounted = await users.update(
          tenantId,
          managerId,
          { active: true, activeReports: reportId, [claims(reportId)]: { $exists: false } },
          { $set: { [claims(reportId)]: 2, [at(reportId)]: time } },
        );
        if (uncounted) return true;
        const stored = await users.get(tenantId, managerId);
        if (stored === null || !stored.active) return false;
      }
      return false;
    },

    /** Takes back one claim on `reportId`'s entry (a write's own); the entry goes with its last claim. */
    async remove(
      tenantId: string,
      managerId: string,
      reportId: string,
      manager?: UserDocument | null,
    ): Promise<void> {
      for (let step = 0; step < MAX_STEPS; step += 1) {
        const current = step === 0 ? manager : undefined;
        // The usual case first: this write's claim is the entry's only one.
        const last = await users.update(
          tenantId,
          managerId,
          { activeReports: reportId, [claims(reportId)]: { $not: { $gt: 1 } } },
          { $pull: { activeReports: reportId }, $unset: { [at(reportId)]: '', [claims(reportId)]: '' } },
          current,
        );
        if (last) return;
        const others = await users.update(
          tenantId,
          managerId,
          { activeReports: reportId, [claims(reportId)]: { $gt: 1 } },
          { $inc: { [claims(reportId)]: -1 } },
          current,
        );
        if (others) return;
        const stored = await users.get(tenantId, managerId);
        if (stored === null || !stored.activeReports.includes(reportId)) return;
      }
    },

    /**
     * Drops a leftover entry whole, claims and all (the lease repair: its writes died), unless a
     * write claimed it since it was read: `since` is its `activeReportsAt` as read then.
     */
    async drop(
      tenantId: string,
      managerId: string,
      reportId: string,
      since: Date | undefined,
    ): Promise<void> {
      await users.update(
        tenantId,
        managerId,
        { [at(reportId)]: since === undefined ? { $exists: false } : new Date(since) },
        {
          $pull: { activeReports: reportId },
          $unset: { [at(reportId)]: '', [claims(reportId)]: '' },
        },
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
