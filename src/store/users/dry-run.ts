import type { Clock } from '../clock';
import { snapshotDocuments } from '../snapshot-documents';
import type { TenantDocuments } from '../tenant-documents';
import type { TenantStore } from '../tenants/tenant-store';
import { passThroughLane } from '../write-lane';
import { activeReportsLedger } from './ledger';
import { lifecycleFacts } from './lifecycle-facts';
import type { UserDocument } from './user-document';
import { userKeys } from './user-keys';
import type { UserKeyDocument } from './user-model';
import { userWrites, type AuditTrail } from './user-writes';

/** A dry run records nothing: no audit rows, so no refusal counted either. */
const NO_TRAIL: AuditTrail = { applied: async () => undefined, refused: async () => undefined };

/**
 * The store's writes (user-writes.ts, the same code) against a snapshot of the users and their
 * key documents that takes the writes and keeps them to itself (snapshot-documents.ts). Each
 * write reads what the real one would read, is decided by the same rules, moves the ledger and
 * the keys the same way, in the snapshot, so a sequence is judged as the store would judge it
 * applied in that order. Used where a request must change nothing unless every step is allowed
 * (deactivate a manager) and for the spreadsheet's dry run. One per request: a snapshot plus
 * the request's own changes, not a cache.
 *
 * What it cannot see: writes made elsewhere after it read a document, which the real write
 * judges when it happens (docs/domain.md). It audits nothing.
 */
export function userDryRun(deps: {
  users: TenantDocuments<UserDocument>;
  keys: TenantDocuments<UserKeyDocument>;
  tenants: Pick<TenantStore, 'byId' | 'cached' | 'forget'>;
  leaseMs: number;
  now: Clock;
}) {
  const docs = snapshotDocuments(deps.users);
  const ledger = activeReportsLedger(docs, deps.now);
  return userWrites({
    docs,
    keys: userKeys(snapshotDocuments(deps.keys), docs),
    ledger,
    tenants: deps.tenants,
    audit: NO_TRAIL,
    lane: passThroughLane,
    facts: lifecycleFacts(docs, ledger, deps.leaseMs),
    now: deps.now,
    faults: {},
  });
}

export type UserDryRun = ReturnType<typeof userDryRun>;
