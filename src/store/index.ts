import type { Connection } from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../log';
import { detectCapabilities, type StoreCapabilities } from './capabilities';
import { systemClock, type Clock } from './clock';
import { quietObserver, type StoreObserver } from './observer';
import { connect } from './connection';
import { migrateIdentifierKeys } from './identifier-keys';
import { startEmbeddedStore, type EmbeddedServer } from './embedded';
import { auditLog, type AuditLog } from './audit/audit-log';
import { tenantStore, type TenantStore } from './tenants/tenant-store';
import { groupStore, type GroupStore } from './groups';
import { tokenStore, type TokenStore } from './tokens/token-store';
import { userStore, type UserStore, type WriteFaults } from './users';
import { passThroughLane, serialisingLane } from './write-lane';

export type { StoreCapabilities, Clock, StoreObserver };
export { applyProfileEdits, profileViewOf } from './users';
export type { ManagerDeactivation, MoveMade, ReadSheet, SheetProgress, SheetReport } from './users';

// The store's public surface (docs/architecture.md): nothing outside src/store imports past this file.
export { ensureBootstrapTenant } from './bootstrap';
export { EmbeddedStoreUnavailable } from './embedded';
export { runningStoreUriFile } from './embedded/ferretdb-process';
export { isStoreUnreachable, storeUnavailableError } from './store-errors';
export type { TenantDocument, Tenant, TenantStore } from './tenants/tenant-store';
export { SCOPES, hashToken, parseScopes, type Scope, type TokenInfo } from './tokens/token-store';
export type { TokenStore } from './tokens/token-store';
export {
  isViolation,
  LEDGER_LEASE_MS,
  type Finding,
  type UserDocument,
  type UserDraft,
  type UserDryRun,
  type UserQuery,
  type UserSort,
} from './users';
export { SCIM_NAMED_FIELDS } from './users/user-document';
export { userNameKey } from './users/user-keys';
export { userStateOf } from './users/user-state';
export type { GroupChange, GroupDocument, GroupDraft, GroupQuery, GroupSort, MemberChange } from './groups';

/** What the store offers: repositories, never its engine's connection or models. */
export interface Store {
  readonly capabilities: StoreCapabilities;
  /** The server Roster started itself when MONGODB_URI is unset. */
  readonly embedded: EmbeddedServer | undefined;
  readonly tenants: TenantStore;
  readonly tokens: TokenStore;
  readonly users: UserStore;
  readonly groups: GroupStore;
  /** The trail, to read: its rows are written by the store's own operations only. */
  readonly audit: Pick<AuditLog, 'list'>;
  /** True when the store answers a ping now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** What a store may be handed besides where it is: the clock and who hears of its refusals. */
export interface StoreOptions {
  /** The time ledger leases, audit rows and timestamps are read from; the system clock by default. */
  now?: Clock | undefined;
  /** Told of every refusal as its audit row is written (src/main.ts: the metrics). */
  observer?: StoreObserver | undefined;
}

/** Opens the configured store: MONGODB_URI when set, else the embedded one. */
export async function openStore(config: Config, log: Logger, options: StoreOptions = {}): Promise<Store> {
  const embedded = config.mongodbUri ? undefined : await startEmbeddedStore(config, log);
  try {
    return await connectStore({
      ...options,
      uri: config.mongodbUri ?? embedded!.uri,
      dbName: config.databaseName,
      embedded,
      log,
    });
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

export async function connectStore(
  opts: StoreOptions & {
    uri: string;
    dbName: string;
    embedded?: EmbeddedServer | undefined;
    log: Logger;
    /** Tests only: fault-injection hooks. */
    testing?: { faults?: WriteFaults };
  },
): Promise<Store> {
  const connection = await connect(opts.uri, opts.dbName);
  // An outage and the recovery show in the log (our own close() is no outage). The 'error'
  // listener also matters: an 'error' event with no listener would be thrown, and take the process
  // down with it.
  let closing = false;
  connection.on('disconnected', () => {
    if (!closing) opts.log.warn({ db: opts.dbName }, 'store disconnected');
  });
  connection.on('reconnected', () => opts.log.info({ db: opts.dbName }, 'store reconnected'));
  connection.on('error', (err: Error) => opts.log.warn({ err: err.message }, 'store connection error'));
  const capabilities = await detectCapabilities(connection);
  opts.log.info({ store: capabilities, db: opts.dbName }, 'store connected');
  const now = opts.now ?? systemClock;
  const tenants = tenantStore(connection, { now });
  const audit = auditLog(connection, { now, observer: opts.observer ?? quietObserver });
  const lane = capabilities.atomicUpdates ? passThroughLane : serialisingLane();
  const groups = groupStore(connection, { lane, now, idOnlyFilters: capabilities.idOnlyFilters });
  const store: Store = {
    capabilities,
    embedded: opts.embedded,
    tenants,
    tokens: tokenStore(connection, { audit, now }),
    audit,
    users: userStore(connection, {
      tenants,
      audit,
      lane,
      now,
      faults: opts.testing?.faults,
      onRemoved: groups.forgetUser,
      idOnlyFilters: capabilities.idOnlyFilters,
    }),
    groups,
    async ping() {
      try {
        await connection.db!.admin().command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      closing = true;
      await connection.close();
      await opts.embedded?.stop();
    },
  };
  await ensureIndexes(connection);
  // Keys made by an older normalisation are moved before the first request reads them.
  await migrateIdentifierKeys(connection, opts.log);
  return store;
}

/** Creates every model's indexes; idempotent, run at each start. */
async function ensureIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(connection.models)) await model.createIndexes();
}
