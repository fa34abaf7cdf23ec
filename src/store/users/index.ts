import type { Connection } from 'mongoose';
import { tenantDocuments } from '../tenant-documents';
import type { AuditLog } from '../audit/audit-log';
import type { TenantStore } from '../tenants/tenant-store';
import type { ListingLane, WriteLane } from '../write-lane';
import { consistencyCheck } from './consistency-check';
import { activeReportsLedger } from './ledger';
import { lifecycleFacts } from './lifecycle-facts';
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
export { userDryRun, type UserDryRun } from './dry-run';
export type { PendingView } from './pending-deactivations';

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
  /** Defaults to LEDGER_LEASE_MS; tests shorten it. */
  leaseMs?: number | undefined;
  /** Fault injection for tests: lets a test kill a write between two of its steps. */
  faults?: WriteFaults | undefined;
  /** Conditional updates are atomic on this store (src/store/tenant-documents.ts). */
  atomicUpdates: boolean;
  /** The store's clock, for pending deactivations' request times. */
  now?: (() => Date) | undefined;
  /** After a user is deleted (the group store: the user leaves their groups). */
  onRemoved?: ((tenantId: string, userId: string) => Promise<void>) | undefined;
}

export function userStore(connection: Connection, deps: UserStoreOptions) {
  const { users, keys: keyModel } = userModels(connection);
  const { tenants, audit, lane } = deps;
  const leaseMs = deps.leaseMs ?? LEDGER_LEASE_MS;
  const docs = tenantDocuments(users, deps.atomicUpdates);
  const keys = userKeys(keyModel, docs);
  const ledger = activeReportsLedger(docs);
  const facts = lifecycleFacts(docs, ledger, leaseMs);
  const reads = userReads(users, docs, keys, deps.listings);
  const directory = userDirectory(users);
  const pending = pendingDeactivations({
    users,
    docs,
    tenants,
    audit,
    lane,
    now: deps.now ?? (() => new Date()),
  });
  const writes = userWrites({
    users,
    docs,
    keys,
    ledger,
    tenants,
    audit,
    lane,
    facts,
    faults: deps.faults ?? {},
    onRemoved: deps.onRemoved,
    pending,
    laneSerialises: !deps.atomicUpdates,
  });
  const consistency = consistencyCheck({ users, tenants, ledger, leaseMs });
  const pendingFindings = pendingCheck({ pending, docs, tenants, complete: writes.completePending });
  return {
    model: users,
    keyModel,
    ledger,
    ...reads,
    ...directory,
    // FerretDB 1.x, the engine without atomic conditional updates, is also the one without
    // `$elemMatch` on sub-documents (docs/store.md).
    ...userFind(reads, directory, { elemMatch: deps.atomicUpdates }),
    ...signInLookup(users),
    create: writes.create,
    update: writes.update,
    remove: writes.remove,
    managerReadFor: writes.managerReadFor,
    transferOwnership: ownerTransfer({
      docs,
      tenants,
      audit,
      lane,
      afterOwnerReleased: writes.completePendingNow,
    }),
    /** Pending deactivations (contract.md): the list, an admin's cancellation, the metrics' totals. */
    pendingDeactivations: { list: pending.list, cancel: pending.cancel, totals: pending.totals },
    /** I1/I2 and leftovers first (a repair may drop the stale entry a pending request waits on), then pending requests. */
    async check(tenantId: string, opts: { repair: boolean }) {
      const findings = await consistency(tenantId, opts);
      return [...findings, ...(await pendingFindings(tenantId, opts))];
    },
  };
}

export type UserStore = ReturnType<typeof userStore>;
