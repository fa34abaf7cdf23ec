import { createHash } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import type { Logger } from '../log';
import { auditModel, type AuditEvent } from './audit/audit-log';
import { groupModels, type GroupKeyDocument } from './groups/group-model';
import type { GroupDocument, MembershipDocument } from './groups/group-document';
import type { UserDocument } from './users/user-document';
import { userModels, type UserKeyDocument } from './users/user-model';

/** A tenant-scoped collection, asked for per call: the tenant's model, its indexes in place. */
export type TenantModel<T> = (tenantId: string) => Promise<Model<T>>;

/** The collections a tenant owns (account-wide ones — tenants, tokens, sessions, SSO — are not here). */
export interface TenantModels {
  readonly users: Model<UserDocument>;
  readonly userKeys: Model<UserKeyDocument>;
  readonly groups: Model<GroupDocument>;
  readonly members: Model<MembershipDocument>;
  readonly groupKeys: Model<GroupKeyDocument>;
  readonly audit: Model<AuditEvent>;
}

/** The tenant-scoped collection names, as stored (the upgrade moves these; tests inspect them). */
export const TENANT_COLLECTIONS = [
  'users',
  'user_keys',
  'groups',
  'group_members',
  'group_keys',
  'audit_events',
] as const;

/** Where a tenant's database names start: `<dbName>_t_`. */
export const tenantDatabasePrefix = (dbName: string): string => `${dbName}_t_`;

/** Hex digits of the tenant id's SHA-256 in its database's name: 96 bits, no collision in practice. */
const SUFFIX_DIGITS = 24;

/**
 * The database of a tenant: `<dbName>_t_` and 24 hex digits of the tenant id's SHA-256. Database
 * names allow letters, digits, `_` and `-` only, up to 63 characters (FerretDB refuses longer), so
 * the id is hashed rather than spelled (a tenant's first use in a process logs its database).
 */
export function tenantDatabaseName(dbName: string, tenantId: string): string {
  const suffix = createHash('sha256').update(tenantId).digest('hex').slice(0, SUFFIX_DIGITS);
  return tenantDatabasePrefix(dbName) + suffix;
}

/**
 * Whether `name` is one of `dbName`'s tenant databases: the prefix and exactly the hash, so the
 * tenant databases of a main database named `roster_t_x` are never taken for `roster`'s.
 */
export function isTenantDatabaseOf(dbName: string, name: string): boolean {
  const prefix = tenantDatabasePrefix(dbName);
  return (
    name.startsWith(prefix) && new RegExp(`^[0-9a-f]{${SUFFIX_DIGITS}}$`).test(name.slice(prefix.length))
  );
}

/** The longest main database name a tenant's database name fits after (63 characters in all). */
export const MAX_DATABASE_NAME_FOR_TENANTS = 63 - tenantDatabasePrefix('').length - SUFFIX_DIGITS;

/**
 * The one place that maps a tenant to its collections. With `perTenant` (FerretDB: one SQLite
 * file per database, and any filter but `{_id}` decodes its whole collection) each tenant's
 * collections live in a database of the tenant's own, so a listing reads that tenant's
 * documents only; otherwise (MongoDB: tenant-prefixed indexes already confine a query to the
 * tenant) every tenant shares the main database's collections.
 */
export interface TenantDatabases {
  readonly perTenant: boolean;
  /** The tenant's collections, their indexes created on first use in this process. */
  of(tenantId: string): Promise<TenantModels>;
  /** The main database's tenant-scoped collections (shared on MongoDB; the upgrade's source on FerretDB). */
  readonly shared: TenantModels;
  /** Every database holding tenant collections: the main one, and with `perTenant` each tenant's. */
  all(): Promise<TenantModels[]>;
  /** The names of the tenant databases there are (none without `perTenant`). */
  names(): Promise<string[]>;
  /** Drops the tenant's own database (with `perTenant`; else nothing: its documents stay shared). */
  drop(tenantId: string): Promise<void>;
}

function modelsOf(db: Connection): TenantModels {
  const users = userModels(db);
  const groups = groupModels(db);
  return {
    users: users.users,
    userKeys: users.keys,
    groups: groups.groups,
    members: groups.members,
    groupKeys: groups.keys,
    audit: auditModel(db),
  };
}

async function createIndexes(models: TenantModels): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) await model.createIndexes();
}

/**
 * Tenant databases a process keeps a handle on at most (about 53 KiB each: bench/README.md, "What
 * each tenant costs a process"); past it the least recently used handle is let go, and the
 * tenant's next use opens a new one (its indexes are not made again).
 */
export const TENANT_HANDLES_MAX = 1000;

export function tenantDatabases(
  connection: Connection,
  opts: {
    perTenant: boolean;
    /** Told of each database handle opened here, to listen to it as to the main connection. */
    onDatabase?: ((db: Connection) => void) | undefined;
    /** Where a tenant's database is named, on its first use in this process. */
    log?: Logger | undefined;
    /** Handles kept at most (default TENANT_HANDLES_MAX). */
    maxHandles?: number | undefined;
  },
): TenantDatabases {
  const dbName = connection.name;
  const shared = modelsOf(connection);
  const maxHandles = opts.maxHandles ?? TENANT_HANDLES_MAX;
  /**
   * Per tenant, once per process: its database's name and its indexes made (dropped on failure,
   * to retry). A few hundred bytes a tenant, so not bounded.
   */
  const indexed = new Map<string, { database: string; made: Promise<void> }>();
  /** Open handles by database name, least recently used first. */
  const handles = new Map<string, TenantModels>();

  const open = (name: string): TenantModels => {
    let models = handles.get(name);
    if (models) {
      handles.delete(name);
    } else {
      // Not mongoose's useDb cache, which keeps every handle for the life of the connection.
      const db = connection.useDb(name, { useCache: false });
      opts.onDatabase?.(db);
      models = modelsOf(db);
    }
    handles.set(name, models);
    if (handles.size > maxHandles) letGo(handles.keys().next().value!);
    return models;
  };

  /**
   * Forgets a handle without closing it: a request still holding its models finishes on them
   * (they share the main connection's client), and the handle is collected after. mongoose's
   * `removeDb` would mark it closed under that request, so only its record in the parent's
   * `otherDbs` (where the parent's state changes are passed on) is removed here.
   */
  const letGo = (name: string): void => {
    const db = handles.get(name)?.users.db;
    handles.delete(name);
    const parent = connection as unknown as { otherDbs: Connection[] };
    parent.otherDbs = parent.otherDbs.filter((other) => other !== db);
  };

  async function names(): Promise<string[]> {
    if (!opts.perTenant) return [];
    const { databases } = (await connection.db!.admin().listDatabases({ nameOnly: true })) as {
      databases: { name: string }[];
    };
    return databases.map((d) => d.name).filter((name) => isTenantDatabaseOf(dbName, name));
  }

  return {
    perTenant: opts.perTenant,
    shared,
    async of(tenantId) {
      if (!opts.perTenant) return shared;
      let known = indexed.get(tenantId);
      if (!known) {
        const database = tenantDatabaseName(dbName, tenantId);
        opts.log?.info({ tenantId, database }, 'tenant database in use');
        known = { database, made: createIndexes(open(database)) };
        known.made.catch(() => indexed.delete(tenantId));
        indexed.set(tenantId, known);
      }
      await known.made;
      return open(known.database);
    },
    async all() {
      return [shared, ...(await names()).map(open)];
    },
    names,
    async drop(tenantId) {
      if (!opts.perTenant) return;
      indexed.delete(tenantId);
      const name = tenantDatabaseName(dbName, tenantId);
      if (handles.has(name) || (await names()).includes(name)) await open(name).users.db.dropDatabase();
      letGo(name);
      // Again: a use of the tenant while it was dropped would otherwise leave its indexes believed made.
      indexed.delete(tenantId);
    },
  };
}

/** One collection of a tenant, through the tenant's databases. */
export function tenantModel<K extends keyof TenantModels>(
  databases: TenantDatabases,
  key: K,
): (tenantId: string) => Promise<TenantModels[K]> {
  return async (tenantId) => (await databases.of(tenantId))[key];
}
