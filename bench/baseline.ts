import { randomUUID } from 'node:crypto';
import mongoose, { type Connection, type mongo } from 'mongoose';
import { tenantDatabaseName } from '../src/store';
import { userNameKey } from '../src/store/users/user-keys';
import type { Window } from './scenarios';
import type { Directory, DirectoryUser } from './seed';
import { cpuMeter, perOp, summarise, type CellResult } from './stats';

/**
 * The floor: what each SCIM request has to ask of the store, done directly with the MongoDB
 * driver on the server's own store — no HTTP, no SCIM, no lifecycle rules. One "operation" here
 * stands for one request there (a POST's floor is two inserts, so one operation is both).
 *
 * Filters are the plainest that find the document: `{ _id }` alone. That is deliberate: on the
 * embedded FerretDB 1.24 (SQLite) it is the only filter served without scanning the collection,
 * so the gap between a SCIM row and its baseline includes any query shape that defeats it.
 */
export type BaselineId =
  | 'insert'
  | 'key-hit'
  | 'key-miss'
  | 'read'
  | 'read-update'
  | 'page-first'
  | 'page-deep'
  | 'sync-okta'
  | 'delta-entra'
  | 'bulk';

export const BASELINE_DESCRIPTIONS: Record<BaselineId, string> = {
  insert: 'insertOne userName key + insertOne externalId key + insertOne user document',
  'key-hit': 'findOne key document by _id + findOne user by _id',
  'key-miss': 'findOne key document by _id (none)',
  read: 'findOne user by _id',
  'read-update': 'findOne user by _id + updateOne by _id ($set lastModified, $inc version)',
  'page-first': 'countDocuments({tenantId}) ∥ find({tenantId}).sort({created,_id}).skip(0).limit(100)',
  'page-deep': 'the same with skip(N−100)',
  'sync-okta': 'per user: findOne key + findOne user, updateOne for the changed ones',
  'delta-entra': 'per user: findOne externalId key + findOne user + updateOne',
  bulk: 'one after the other: per create the `insert` floor, per PATCH the `read-update` floor (bench/bulk-sync.ts)',
};

/** Key documents' ids, as src/store/users/user-keys.ts builds them: `<tenant>|u|<userName key>`, `|x|` for externalId. */
export const userNameKeyId = (tenantId: string, userName: string) => `${tenantId}|u|${userNameKey(userName)}`;
export const externalIdKeyId = (tenantId: string, externalId: string) => `${tenantId}|x|${externalId}`;

// String ids (Roster's documents use UUIDs and composite keys as _id, not ObjectIds).
type Doc = { _id: string } & mongo.Document;

export interface BaselineStore {
  connection: Connection;
  /**
   * The database of a tenant's users, keys and memberships: its own on FerretDB, the main one on
   * MongoDB (src/store/tenant-databases.ts), so the floor reads what the server reads.
   */
  tenantDb(tenantId: string): mongo.Db;
  close(): Promise<void>;
}

/** A client of its own on the server's store, with the server's pool size (src/store/connection.ts). */
export async function openBaselineStore(uri: string, dbName: string): Promise<BaselineStore> {
  const connection = await mongoose
    .createConnection(uri, { dbName, maxPoolSize: 20, autoIndex: false, bufferCommands: false })
    .asPromise();
  const info = (await connection.db!.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string };
  const perTenant = info.ferretdbVersion !== undefined;
  return {
    connection,
    tenantDb: (tenantId) =>
      perTenant ? connection.getClient().db(tenantDatabaseName(dbName, tenantId)) : connection.db!,
    close: () => connection.close(),
  };
}

export interface BaselineContext {
  store: BaselineStore;
  tenantId: string;
  directory: Directory;
  /** Documents the insert baseline writes go to a tenant of their own, removed afterwards. */
  scratchTenantId: string;
  /** Which users a sync run changes (mirrors the SCIM sync of the same run). */
  syncChanged: (user: DirectoryUser) => boolean;
}

/** One equivalent operation, given a running counter (so workers spread over users). */
export function baselineOperation(id: BaselineId, ctx: BaselineContext): (i: number) => Promise<void> {
  const db = ctx.store.tenantDb(ctx.tenantId);
  const users = db.collection<Doc>('users');
  const keys = db.collection<Doc>('user_keys');
  const scratchDb = ctx.store.tenantDb(ctx.scratchTenantId);
  const scratchUsers = scratchDb.collection<Doc>('users');
  const scratchKeys = scratchDb.collection<Doc>('user_keys');
  const { directory, tenantId } = ctx;
  const all = directory.users;
  const leaves = directory.leaves;
  const n = all.length;

  switch (id) {
    case 'insert':
      return async (i) => {
        const userName = `baseline.${i}.${randomUUID().slice(0, 8)}@example.com`;
        const _id = randomUUID();
        const now = new Date();
        const scratch = ctx.scratchTenantId;
        const externalId = `00ubase${i}x${_id.slice(0, 8)}`;
        const doc = {
          ...storedShape(leaves[i % leaves.length]!),
          _id,
          tenantId: scratch,
          userName,
          externalId,
        };
        // Unique userName and externalId: one key document each, claimed by insert, as Roster does.
        await scratchKeys.insertOne({
          _id: userNameKeyId(scratch, userName),
          tenantId: scratch,
          userId: _id,
        });
        await scratchKeys.insertOne({
          _id: externalIdKeyId(scratch, externalId),
          tenantId: scratch,
          userId: _id,
        });
        await scratchUsers.insertOne({
          ...doc,
          userNameKey: userNameKey(userName),
          created: now,
          lastModified: now,
        });
      };
    case 'key-hit':
      return async (i) => {
        const user = all[i % n]!;
        const key = await keys.findOne({ _id: userNameKeyId(tenantId, user.userName) });
        if (!key || !(await users.findOne({ _id: key.userId! }))) throw new Error('baseline key-hit missed');
      };
    case 'key-miss':
      return async (i) => {
        if (await keys.findOne({ _id: userNameKeyId(tenantId, `nobody.${i}@example.com`) }))
          throw new Error('hit');
      };
    case 'read':
      return async (i) => {
        if (!(await users.findOne({ _id: directory.teamLeads[i % directory.teamLeads.length]!.id })))
          throw new Error('miss');
      };
    case 'read-update':
      return async (i) => {
        const doc = await users.findOne({ _id: leaves[i % leaves.length]!.id });
        if (!doc) throw new Error('miss');
        await users.updateOne({ _id: doc._id }, { $set: { lastModified: new Date() }, $inc: { version: 1 } });
      };
    case 'page-first':
    case 'page-deep': {
      const skip = id === 'page-first' ? 0 : deepStartIndex(n) - 1;
      return async () => {
        await Promise.all([
          users.countDocuments({ tenantId }),
          users.find({ tenantId }).sort({ created: 1, _id: 1 }).skip(skip).limit(100).toArray(),
        ]);
      };
    }
    case 'sync-okta':
    case 'delta-entra':
      return async (i) => {
        const user = all[i % n]!;
        const keyId =
          id === 'sync-okta'
            ? userNameKeyId(tenantId, user.userName)
            : externalIdKeyId(tenantId, user.externalId);
        const key = await keys.findOne({ _id: keyId });
        const doc = key && (await users.findOne({ _id: key.userId! }));
        if (!doc) throw new Error(`baseline ${id} missed ${user.userName}`);
        if (id === 'delta-entra' || ctx.syncChanged(user)) {
          await users.updateOne(
            { _id: doc._id },
            { $set: { lastModified: new Date() }, $inc: { version: 1 } },
          );
        }
      };
    case 'bulk':
      throw new Error('the bulk baseline is runBulkBaseline (bench/bulk-sync.ts)');
  }
}

/** The startIndex of the last full page of 100: "deep in the directory". */
export function deepStartIndex(n: number): number {
  return Math.max(1, n - 99);
}

/**
 * `concurrency` loops of `op`, windowed like the SCIM cells (scenarios.ts windowedLoad): warm-up,
 * then a window in which each operation started is timed to its end, open until `seconds` have
 * passed and `minSamples` operations started (or `maxSeconds`); the loops then finish and stop.
 */
export async function runBaselineCell(
  op: (i: number) => Promise<void>,
  opts: { concurrency: number; window: Window; pids: { store?: number | undefined } },
): Promise<CellResult> {
  const { window } = opts;
  let counter = 0;
  let errors = 0;
  let startedInWindow = 0;
  // CPU is measured over the window, so it is spread over the operations completed in it.
  let completedInWindow = 0;
  const latencies: number[] = [];
  const from = performance.now() + window.warmSeconds * 1000;
  let to = Infinity;
  let meter: ReturnType<typeof cpuMeter> | undefined;
  let cpu: CellResult['cpuMsPerOp'];
  const open = (now: number) => {
    if (now < from + window.seconds * 1000) return true;
    if (startedInWindow < window.minSamples && now < from + window.maxSeconds * 1000) return true;
    if (to === Infinity) {
      to = now;
      cpu = meter?.(1);
    }
    return false;
  };
  const loop = async () => {
    for (let now = performance.now(); open(now); now = performance.now()) {
      if (!meter && now >= from) meter = cpuMeter(opts.pids);
      const inWindow = now >= from;
      if (inWindow) startedInWindow += 1;
      try {
        await op(counter++);
        const end = performance.now();
        if (inWindow) latencies.push(end - now);
        if (end >= from && end < to) completedInWindow += 1;
      } catch {
        if (inWindow) errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  const result = summarise(latencies, (to - from) / 1000, errors);
  result.cpuMsPerOp = perOp(cpu, completedInWindow);
  return result;
}

/** Every user of `list` once, `concurrency` at a time: the baseline of a sync, timed whole. */
export async function runBaselineSync(
  op: (i: number) => Promise<void>,
  list: readonly DirectoryUser[],
  opts: { concurrency: number; pids: { store?: number | undefined } },
): Promise<CellResult> {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const meter = cpuMeter(opts.pids);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < list.length) {
        const user = list[next++]!;
        const t = performance.now();
        try {
          await op(user.index);
          latencies.push(performance.now() - t);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const result = summarise(latencies, (performance.now() - started) / 1000, errors);
  result.cpuMsPerOp = meter(result.count);
  return result;
}

/** A stored user document as Roster writes one (src/store/users/user-document.ts), for the insert baseline. */
function storedShape(user: DirectoryUser): Record<string, unknown> {
  return {
    active: true,
    name: {
      givenName: user.givenName,
      familyName: user.familyName,
      formatted: `${user.givenName} ${user.familyName}`,
    },
    displayName: `${user.givenName} ${user.familyName}`,
    title: user.title,
    locale: 'en-US',
    timezone: 'Europe/Berlin',
    emails: user.emails,
    phoneNumbers: [{ value: user.phone, type: 'work' }],
    enterprise: {
      employeeNumber: user.employeeNumber,
      costCenter: user.costCenter,
      organization: 'Example Corp',
      department: user.department,
    },
    canManageTeam: false,
    activeReports: [],
    activeReportsAt: {},
    primaryOwner: false,
    version: 1,
  };
}

/**
 * Gives the scratch tenant's users and keys the indexes the bench tenant's have, where each tenant
 * has a database of its own (FerretDB): the insert floor then maintains the indexes a POST does.
 */
export async function prepareScratch(ctx: BaselineContext): Promise<void> {
  const from = ctx.store.tenantDb(ctx.tenantId);
  const to = ctx.store.tenantDb(ctx.scratchTenantId);
  if (from.databaseName === to.databaseName) return;
  for (const name of ['users', 'user_keys']) {
    const indexes = (await from.collection(name).indexes()).filter((ix) => ix.name !== '_id_');
    await to.createCollection(name).catch(() => undefined);
    for (const { key, name: ixName, unique } of indexes)
      await to.collection(name).createIndex(key, { name: ixName, ...(unique ? { unique } : {}) });
  }
}

/** Removes what the insert baseline wrote. */
export async function removeScratch(ctx: BaselineContext): Promise<void> {
  const db = ctx.store.tenantDb(ctx.scratchTenantId);
  if (db.databaseName !== ctx.store.tenantDb(ctx.tenantId).databaseName) {
    await db.dropDatabase();
    return;
  }
  await db.collection<Doc>('users').deleteMany({ tenantId: ctx.scratchTenantId });
  await db.collection<Doc>('user_keys').deleteMany({ tenantId: ctx.scratchTenantId });
}

/**
 * The same lookups and writes in the plain `{ _id }` form and in the forms Roster's store layer
 * sends (the tenant named beside the id; `$in` for managers' names). On the embedded FerretDB 1.24
 * (SQLite) only a filter whose sole key is `_id`, with a string value, is served by its `_id`
 * index; any other filter reads and decodes the whole collection, so the difference grows with it.
 */
export function queryShapes(
  ctx: BaselineContext,
): { shape: string; versus?: string; op: (i: number) => Promise<void> }[] {
  const users = ctx.store.tenantDb(ctx.tenantId).collection<Doc>('users');
  const { leaves } = ctx.directory;
  const { tenantId } = ctx;
  const leaf = (i: number) => leaves[(i * 7) % leaves.length]!;
  const touch = { $set: { lastModified: new Date() } };
  return [
    { shape: 'users.findOne({ _id })', op: async (i) => void (await users.findOne({ _id: leaf(i).id })) },
    {
      shape: 'users.findOne({ _id, tenantId })',
      versus: 'users.findOne({ _id })',
      op: async (i) => void (await users.findOne({ _id: leaf(i).id, tenantId })),
    },
    {
      shape: 'users.find({ _id: { $in: [manager] }, tenantId })',
      versus: 'users.findOne({ _id })',
      op: async (i) => {
        const manager = ctx.directory.users[leaf(i).managerIndex!]!;
        await users.find({ _id: { $in: [manager.id] }, tenantId }).toArray();
      },
    },
    {
      shape: 'users.updateOne({ _id }, $set)',
      op: async (i) => void (await users.updateOne({ _id: leaf(i).id }, touch)),
    },
    {
      shape: 'users.updateOne({ _id, tenantId }, $set)',
      versus: 'users.updateOne({ _id }, $set)',
      op: async (i) => void (await users.updateOne({ _id: leaf(i).id, tenantId }, touch)),
    },
  ];
}
