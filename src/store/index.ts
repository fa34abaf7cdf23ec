import type { Connection } from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../log';
import { detectCapabilities, type StoreCapabilities } from './capabilities';
import { connect } from './connection';
import { migrateIdentifierKeys } from './identifier-keys';
import { startEmbeddedStore, type EmbeddedServer } from './embedded';
import { auditLog, type AuditLog } from './audit/audit-log';
import { tenantStore, type TenantStore } from './tenants/tenant-store';
import { groupStore, type GroupStore } from './groups';
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

export type { Readiness, StoreCapabilities };
export type { UserMatcher } from './users';

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
  userDryRun,
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
export { sessionCookieSecret, StoredSessions } from './sessions/session-store';
export type { SsoStore, SsoView } from './sso/sso-store';
export type { GroupChange, GroupDocument, GroupDraft, GroupQuery, GroupSort, MemberChange } from './groups';

export interface Store {
  readonly connection: Connection;
  readonly capabilities: StoreCapabilities;
  /** The server Roster started itself when MONGODB_URI is unset. */
  readonly embedded: EmbeddedServer | undefined;
  readonly tenants: TenantStore;
  readonly tokens: TokenStore;
  readonly users: UserStore;
  readonly groups: GroupStore;
  readonly audit: AuditLog;
  /** Each account's sign-in settings (OIDC client at its IdP). */
  readonly sso: SsoStore;
  /** True when the store answers a ping now. */
  ping(): Promise<boolean>;
  /** Whether requests can be served now (it answers, and writes when it last could not), within about 1 s. */
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}

/** Opens the configured store: MONGODB_URI when set, else the embedded one. */
export async function openStore(
  config: Config,
  log: Logger,
  opts: { abandonAfterMs?: number } = {},
): Promise<Store> {
  const embedded = config.mongodbUri ? undefined : await startEmbeddedStore(config, log);
  try {
    return await connectStore({
      uri: config.mongodbUri ?? embedded!.uri,
      dbName: config.databaseName,
      embedded,
      log,
      abandonAfterMs: opts.abandonAfterMs,
    });
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

export async function connectStore(opts: {
  uri: string;
  dbName: string;
  embedded?: EmbeddedServer | undefined;
  log: Logger;
  /** Tests only: a shorter I1 ledger lease, fault-injection hooks, and the clock of the token and tenant caches. */
  testing?: { leaseMs?: number; faults?: WriteFaults; now?: () => number };
  /**
   * The server's request timeout (ROSTER_REQUEST_TIMEOUT_MS): lane work that waited longer for
   * its turn is dropped, its request having been answered 503. Unset (CLI, tests): never.
   */
  abandonAfterMs?: number | undefined;
}): Promise<Store> {
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
  const now = opts.testing?.now;
  const tenants = tenantStore(connection, { now });
  const audit = auditLog(connection);
  const laneOptions = { abandonAfterMs: opts.abandonAfterMs, now };
  const lane = capabilities.atomicUpdates ? passThroughLane : serialisingLane(laneOptions);
  const listings = listingLane(LISTINGS_PER_TENANT, laneOptions);
  const groups = groupStore(connection, { lane });
  const readiness = storeReadiness(connection, opts.log);
  const store: Store = {
    connection,
    capabilities,
    embedded: opts.embedded,
    tenants,
    tokens: tokenStore(connection, { now }),
    audit,
    sso: ssoStore(connection),
    users: userStore(connection, {
      tenants,
      audit,
      lane,
      listings,
      leaseMs: opts.testing?.leaseMs,
      faults: opts.testing?.faults,
      onRemoved: groups.forgetUser,
      atomicUpdates: capabilities.atomicUpdates,
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
  // Keys made by an older normalisation are moved before the first request reads them.
  await migrateIdentifierKeys(connection, opts.log);
  return store;
}

/** Creates every model's indexes; idempotent, run at each start. */
async function ensureIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(connection.models)) await model.createIndexes();
}
