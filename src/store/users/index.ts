import type { Connection } from 'mongoose';
import type { AuditLog } from '../audit/audit-log';
import type { TenantStore } from '../tenants/tenant-store';
import type { WriteLane } from '../write-lane';
import { consistencyCheck } from './consistency-check';
import { activeReportsLedger } from './ledger';
import { lifecycleFacts } from './lifecycle-facts';
import { userKeys } from './user-keys';
import { userModels } from './user-model';
import { userReads } from './user-reads';
import { ownerTransfer } from './owner-transfer';
import { userWrites, type WriteFaults } from './user-writes';

export type { UserDocument } from './user-document';
export type { UserDraft } from './user-writes';
export type { UserQuery, UserSort } from './user-reads';
export { isViolation, type Finding } from './consistency-check';
export type { WriteFaults } from './user-writes';

/**
 * How long an I1 ledger entry not backed by its report is trusted to be a write in flight. Longer
 * than any request may run; after it, the entry is a leftover of a crashed write and is dropped.
 */
export const LEDGER_LEASE_MS = 60_000;

export interface UserStoreOptions {
  tenants: TenantStore;
  audit: AuditLog;
  lane: WriteLane;
  /** Defaults to LEDGER_LEASE_MS; tests shorten it. */
  leaseMs?: number | undefined;
  /** Fault injection for tests: lets a test kill a write between two of its steps. */
  faults?: WriteFaults | undefined;
}

export function userStore(connection: Connection, deps: UserStoreOptions) {
  const { users, keys: keyModel } = userModels(connection);
  const { tenants, audit, lane } = deps;
  const leaseMs = deps.leaseMs ?? LEDGER_LEASE_MS;
  const keys = userKeys(keyModel, users);
  const ledger = activeReportsLedger(users);
  const facts = lifecycleFacts(users, ledger, leaseMs);
  return {
    model: users,
    keyModel,
    ledger,
    ...userReads(users, keys),
    ...userWrites({ users, keys, ledger, tenants, audit, lane, facts, faults: deps.faults ?? {} }),
    transferOwnership: ownerTransfer({ users, tenants, audit, lane }),
    check: consistencyCheck({ users, tenants, ledger, leaseMs }),
  };
}

export type UserStore = ReturnType<typeof userStore>;
