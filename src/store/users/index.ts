import type { Connection } from 'mongoose';
import type { Clock } from '../clock';
import { tenantDocuments } from '../tenant-documents';
import type { AuditLog } from '../audit/audit-log';
import type { TenantStore } from '../tenants/tenant-store';
import type { ListingLane, WriteLane } from '../write-lane';
import { consistencyCheck } from './consistency-check';
import { userDryRun } from './dry-run';
import { activeReportsLedger } from './ledger';
import { lifecycleFacts } from './lifecycle-facts';
import { managerDeactivation } from './manager-deactivation';
import { sheetApplication } from './sheet-application';
import { userKeys } from './user-keys';
import { userModels } from './user-model';
import { userFind } from './user-find';
import { userReads } from './user-reads';
import { userDirectory } from './user-directory';
import { ownerTransfer } from './owner-transfer';
import { signInLookup } from './sign-in-lookup';
import { userWrites, type WriteFaults } from './user-writes';
import { pendingDeactivations } from './pending-deactivations';
import { pendingCheck } from './pending-check';

export type { UserDocument } from './user-document';
export type { UserDraft } from './user-writes';
export type { UserQuery, UserSort } from './user-reads';
export type { UserMatcher } from './user-find';
export { isViolation, type Finding } from './consistency-check';
export type { WriteFaults } from './user-writes';
export type { UserDryRun } from './dry-run';
export type { ManagerDeactivation, MoveMade } from './manager-deactivation';
export type { PendingView } from './pending-deactivations';
export type { ReadSheet, SheetProgress, SheetReport, SheetSummary } from './sheet-application';
export { applyProfileEdits, profileViewOf } from './profile-view';

/**
 * How long an I1 ledger entry not backed by its report is trusted to be a write in flight. Longer
 * than any request may run; after it, the entry is a leftover of a crashed write and is dropped.
 */
export const LEDGER_LEASE_MS = 60_000;

export interface UserStoreOptions {
  tenants: TenantStore;
  audit: AuditLog;
  lane: WriteLane;
  listings: ListingLane;
  now: Clock;
  /** Fault injection for tests: lets a test kill a write between two of its steps. */
  faults?: WriteFaults | undefined;
  /** Only `_id` filters are served without a scan on this store (src/store/tenant-documents.ts). */
  idOnlyFilters: boolean;
  /** `$elemMatch` is served by the store; else such filters are matched here (user-find.ts). */
  elemMatch: boolean;
  /** The lane runs a tenant's writes one at a time (FerretDB), so a turn's reads stay current in it. */
  laneSerialises: boolean;
  /** After a user is deleted (the group store: the user leaves their groups). */
  onRemoved?: ((tenantId: string, userId: string) => Promise<void>) | undefined;
}

export function userStore(connection: Connection, deps: UserStoreOptions) {
  const { users, keys: keyModel } = userModels(connection);
  const { tenants, audit, lane, now } = deps;
  const leaseMs = LEDGER_LEASE_MS;
  const docs = tenantDocuments(users, deps);
  const keyDocs = tenantDocuments(keyModel, deps);
  const keys = userKeys(keyDocs, docs);
  const ledger = activeReportsLedger(docs, now);
  const facts = lifecycleFacts(docs, ledger, leaseMs);
  const reads = userReads(users, docs, keys, deps.listings);
  const writes = userWrites({
    docs,
    keys,
    ledger,
    tenants,
    audit,
    lane,
    facts,
    now,
    faults: deps.faults ?? {},
    onRemoved: deps.onRemoved,
    laneSerialises: deps.laneSerialises,
  });
  /** The writes above, run against a snapshot that keeps them (dry-run.ts); a fresh one per request. */
  const dryRun = () => userDryRun({ users: docs, keys: keyDocs, tenants, leaseMs, now });
  const pending = pendingDeactivations({ users, docs, tenants, audit, lane });
  const consistency = consistencyCheck({ users, docs, tenants, ledger, leaseMs });
  const pendingFindings = pendingCheck({ pending, docs, tenants, complete: writes.completePending });
  const directory = userDirectory(users);
  return {
    ...reads,
    ...directory,
    ...userFind(reads, directory, { elemMatch: deps.elemMatch }),
    ...signInLookup(users),
    create: writes.create,
    update: writes.update,
    remove: writes.remove,
    managerReadFor: writes.managerReadFor,
    dryRun,
    deactivateManager: managerDeactivation({ docs, tenants, audit, writes, dryRun }),
    applySheet: sheetApplication({
      docs,
      byUserNameKeys: directory.byUserNameKeys,
      audit,
      writes,
      dryRun,
    }),
    transferOwnership: ownerTransfer({
      docs,
      tenants,
      audit,
      lane,
      afterOwnerReleased: writes.completePendingNow,
    }),
    /** Pending deactivations (docs/contract.md): the list, an admin's cancellation, the metrics' totals. */
    pendingDeactivations: { list: pending.list, cancel: pending.cancel, totals: pending.totals },
    /** I1/I2 and leftovers first (a repair may drop the stale entry a pending request waits on), then pending requests. */
    async check(tenantId: string, opts: { repair: boolean }) {
      const findings = await consistency(tenantId, opts);
      return [...findings, ...(await pendingFindings(tenantId, opts))];
    },
  };
}

export type UserStore = ReturnType<typeof userStore>;
