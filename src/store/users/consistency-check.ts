import type { Model } from 'mongoose';
import type { PendingAction } from '../../domain';
import type { TenantDocuments } from '../tenant-documents';
import type { TenantStore } from '../tenants/tenant-store';
import type { ActiveReportsLedger } from './ledger';
import { isActiveReportOf } from './reporting-line';
import type { UserDocument } from './user-document';

export type Finding =
  | { kind: 'I1-inactive-manager'; userId: string; userName: string; managerId: string }
  | { kind: 'I1-missing-manager'; userId: string; userName: string; managerId: string }
  | { kind: 'I1-ledger-missing-entry'; managerId: string; reportId: string }
  | { kind: 'I2-owner-missing'; ownerId: string }
  | { kind: 'I2-owner-inactive'; ownerId: string }
  | { kind: 'stale-ledger-entry'; managerId: string; reportId: string; ageMs: number; repaired: boolean }
  | { kind: 'stale-owner-flag'; userId: string; repaired: boolean }
  // A pending deactivation nothing blocks any more (pending-check.ts): a crash came in between.
  | { kind: 'pending-unblocked'; userId: string; userName: string; action: PendingAction; repaired: boolean };

/** Findings that break an invariant (as opposed to leftovers that only ever refuse). */
export const isViolation = (f: Finding) => f.kind.startsWith('I');

/**
 * Scans one tenant (streaming; never the whole tenant in memory at once beyond one id→state map)
 * for violations of I1/I2 and for leftovers of writes that died half way: ledger entries no longer
 * backed by their report, owner flags on users who are not the owner. With `repair`, leftovers
 * older than the lease are removed; violations are only reported — they need a person.
 */
export function consistencyCheck(deps: {
  users: Model<UserDocument>;
  docs: TenantDocuments<UserDocument>;
  tenants: TenantStore;
  ledger: ActiveReportsLedger;
  leaseMs: number;
}) {
  const { users, docs, tenants, ledger, leaseMs } = deps;
  return async function check(tenantId: string, opts: { repair: boolean }): Promise<Finding[]> {
    const findings: Finding[] = [];
    const state = new Map<
      string,
      {
        active: boolean;
        managerId?: string;
        ledger: string[];
        ledgerAt: Record<string, Date>;
        primaryOwner: boolean;
      }
    >();
    const cursor = users
      .find(
        { tenantId },
        { active: 1, managerId: 1, activeReports: 1, activeReportsAt: 1, primaryOwner: 1, userName: 1 },
      )
      .lean<UserDocument>()
      .cursor();
    const names = new Map<string, string>();
    for await (const u of cursor) {
      state.set(u._id, {
        active: u.active,
        ...(u.managerId ? { managerId: u.managerId } : {}),
        ledger: u.activeReports ?? [],
        ledgerAt: u.activeReportsAt ?? {},
        primaryOwner: u.primaryOwner === true,
      });
      names.set(u._id, u.userName);
    }
    const tenant = await tenants.byId(tenantId);
    const ownerId = tenant?.ownerId ?? null;

    for (const [id, u] of state) {
      if (u.active && u.managerId) {
        const manager = state.get(u.managerId);
        if (!manager)
          findings.push({
            kind: 'I1-missing-manager',
            userId: id,
            userName: names.get(id)!,
            managerId: u.managerId,
          });
        else if (!manager.active)
          findings.push({
            kind: 'I1-inactive-manager',
            userId: id,
            userName: names.get(id)!,
            managerId: u.managerId,
          });
        else if (!manager.ledger.includes(id))
          findings.push({ kind: 'I1-ledger-missing-entry', managerId: u.managerId, reportId: id });
      }
      for (const reportId of u.ledger) {
        if (isActiveReportOf({ _id: id }, state.get(reportId))) continue;
        const ageMs = ledger.ageMs({ activeReportsAt: u.ledgerAt }, reportId);
        const repair = opts.repair && ageMs > leaseMs;
        if (repair) await ledger.drop(tenantId, id, reportId, u.ledgerAt[reportId]);
        findings.push({ kind: 'stale-ledger-entry', managerId: id, reportId, ageMs, repaired: repair });
      }
      if (u.primaryOwner && id !== ownerId) {
        if (opts.repair) await docs.update(tenantId, id, {}, { $set: { primaryOwner: false } });
        findings.push({ kind: 'stale-owner-flag', userId: id, repaired: opts.repair });
      }
    }
    if (ownerId) {
      const owner = state.get(ownerId);
      if (!owner) findings.push({ kind: 'I2-owner-missing', ownerId });
      else if (!owner.active) findings.push({ kind: 'I2-owner-inactive', ownerId });
    }
    return findings;
  };
}
