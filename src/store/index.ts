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
import { MAX_DATABASE_NAME_FOR_TENANTS, tenantDatabases, tenantModel } from './tenant-databases';
import { moveToTenantDatabases } from './tenant-upgrade';
import { tenantStore, type TenantStore } from './tenants/tenant-store';
import { groupStore, type GroupStore } from './groups';
import { webSessionStore, type WebSessionStore } from './sessions/session-store';
import { ssoStore, type SsoStore } from './sso/sso-store';
import { tokenStore, type TokenStore } from './tokens/token-store';
import { userStore, type UserStore, type WriteFaults } from './users';
import { storeReadiness, type Readiness } from './store-readiness';
import { listingLane, passThroughLane, serialisingLane } from './write-lane';

/**
 * A tenant's listings at once per process: a few of the pool's 20 connections (connection.ts),
 * so one tenant's flood of listings leaves the others connections to read with.
 */
const LISTINGS_PER_TENANT = 4;

export type { Readiness, StoreCapabilities, Clock, StoreObserver };
export type { UserMatcher } from './users';
export { applyProfileEdits, profileViewOf } from './users';
export type { ManagerDeactivation, MoveMade, ReadSheet, SheetProgress, SheetReport } from './users';

// The store's public surface (docs/architecture.md): nothing outside src/store imports past this file.
export { syncBootstrapToken } from './bootstrap';
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
export { isTenantDatabaseOf, TENANT_COLLECTIONS, tenantDatabaseName } from './tenant-databases';
export type { WebSessionStore } from './sessions/session-store';
export type { SsoStore, SsoView } from './sso/sso-store';
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
  /** Each account's sign-in settings (OIDC client at its IdP). */
  readonly sso: SsoStore;
  /** The page's sign-in sessions (express-session's store) and their cookie key. */
  readonly sessions: WebSessionStore;
  /** True when the store answers a ping now. */
  ping(): Promise<boolean>;
  /** Whether requests can be served now (it answers, and writes when it last could not), within about 1 s. */
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}

/** What a store may be handed besides where it is: the clock and who hears of its refusals. */
export interface StoreOptions {
  /** The time ledger leases, audit rows and timestamps are read from; the system clock by default. */
  now?: Clock | undefined;
  /** Told of every refusal as its audit row is written (src/main.ts: the metrics). */
  observer?: StoreObserver | undefined;
  /**
   * The server's request timeout (ROSTER_REQUEST_TIMEOUT_MS): lane work that waited longer for
   * its turn is dropped, its request having been answered 503. Unset (CLI, tests): never.
   */
  abandonAfterMs?: number | undefined;
}

/**
 * An operation the store started: its collection and the model method (mongoose's
 * `operation-start`), and the database it went to (a tenant's own on FerretDB).
 */
export interface StoreOperation {
  collectionName: string;
  method: string;
  database: string;
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
    /**
     * Tests only: fault-injection hooks, and listeners told of each operation the store starts and
     * of each one answered (test/integration/store-calls.test.ts counts them per request, and how
     * many times a request waits for them).
     */
    testing?: {
      faults?: WriteFaults;
      onOperation?: (op: StoreOperation) => void;
      onOperationEnd?: (op: StoreOperation) => void;
      /** Tenant database handles kept at most (default TENANT_HANDLES_MAX). */
      tenantHandlesMax?: number;
    };
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
  const { onOperation, onOperationEnd } = opts.testing ?? {};
  const listen = (db: Connection) => {
    if (onOperation)
      db.on('operation-start', (op: Omit<StoreOperation, 'database'>) =>
        onOperation({ collectionName: op.collectionName, method: op.method, database: db.name }),
      );
    if (onOperationEnd)
      db.on('operation-end', (op: Omit<StoreOperation, 'database'>) =>
        onOperationEnd({ collectionName: op.collectionName, method: op.method, database: db.name }),
      );
    // A database opened with useDb re-emits its parent's state; an 'error' with no listener would throw.
    if (db !== connection) db.on('error', () => undefined);
  };
  listen(connection);
  const capabilities = await detectCapabilities(connection);
  opts.log.info({ store: capabilities, db: opts.dbName }, 'store connected');
  if (capabilities.databasePerTenant && opts.dbName.length > MAX_DATABASE_NAME_FOR_TENANTS) {
    await connection.close();
    throw new Error(
      `Database name "${opts.dbName}" is too long: with a database per tenant it may have at most ` +
        `${MAX_DATABASE_NAME_FOR_TENANTS} characters (the database named in MONGODB_URI).`,
    );
  }
  const databases = tenantDatabases(connection, {
    perTenant: capabilities.databasePerTenant,
    onDatabase: listen,
    log: opts.log,
    maxHandles: opts.testing?.tenantHandlesMax,
  });
  const now = opts.now ?? systemClock;
  const nowMs = () => now().getTime();
  const tenants = tenantStore(connection, { now, dropDatabase: databases.drop });
  const audit = auditLog(tenantModel(databases, 'audit'), { now, observer: opts.observer ?? quietObserver });
  const laneOptions = { abandonAfterMs: opts.abandonAfterMs, now: nowMs };
  const lane = capabilities.atomicUpdates ? passThroughLane : serialisingLane(laneOptions);
  const listings = listingLane(LISTINGS_PER_TENANT, laneOptions);
  const groups = groupStore(databases, { lane, now, idOnlyFilters: capabilities.idOnlyFilters });
  const readiness = storeReadiness(connection, opts.log);
  const store: Store = {
    capabilities,
    embedded: opts.embedded,
    tenants,
    tokens: tokenStore(connection, { audit, now }),
    audit,
    sso: ssoStore(connection, { audit, now }),
    sessions: webSessionStore(connection),
    users: userStore(databases, {
      tenants,
      audit,
      lane,
      listings,
      now,
      laneSerialises: lane !== passThroughLane,
      elemMatch: capabilities.elemMatch,
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
    readiness: () => readiness.check(),
    async close() {
      closing = true;
      await connection.close();
      await opts.embedded?.stop();
    },
  };
  await ensureIndexes(connection);
  // Documents written before each tenant had its own database move there before any request.
  await moveToTenantDatabases(databases, opts.log);
  // Keys made by an older normalisation are moved before the first request reads them.
  await migrateIdentifierKeys(connection, opts.log, databases);
  return store;
}

/**
 * Creates the main database's indexes; idempotent, run at each start. A tenant's own database
 * gets its indexes on its first use in each process (tenant-databases.ts).
 */
async function ensureIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(connection.models)) await model.createIndexes();
}
