import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { createLogger } from '../../src/log';
import { connectStore, type Store, type StoreOptions } from '../../src/store';

export const silentLog = createLogger('silent');

export function testStoreUri(): string {
  const uri = process.env.ROSTER_TEST_STORE_URI;
  if (!uri) throw new Error('ROSTER_TEST_STORE_URI is unset: run the integration tests through jest');
  return uri;
}

/** A stored document as the raw driver sees it: ids are strings in Roster's collections. */
export type RawDocument = { _id: string } & Record<string, unknown>;

/**
 * The test's own connection to a database, beside the store's: `Store` exposes repositories
 * only, so a test that seeds documents in bulk, looks at what was stored, or drops its database
 * does it here, saying so.
 */
export interface RawDatabase {
  readonly name: string;
  /** The connection itself, for store internals a test drives directly (the key migration). */
  readonly connection: mongoose.Connection;
  collection(name: string): mongoose.mongo.Collection<RawDocument>;
  drop(): Promise<void>;
  close(): Promise<void>;
}

export async function rawDatabase(dbName: string, uri = testStoreUri()): Promise<RawDatabase> {
  const connection = await mongoose.createConnection(uri, { dbName }).asPromise();
  const db = connection.db!;
  return {
    name: dbName,
    connection,
    collection: (name) => db.collection<RawDocument>(name),
    drop: async () => {
      await db.dropDatabase().catch(() => undefined);
    },
    close: () => connection.close(),
  };
}

/** Drops a test database and closes the connection used for it. */
export async function dropTestDatabase(dbName: string, uri = testStoreUri()): Promise<void> {
  const raw = await rawDatabase(dbName, uri);
  await raw.drop();
  await raw.close();
}

/** A store on a test's own database, and the test's raw view of that database. */
export type TestStore = Store & { readonly raw: RawDatabase };

/** A store on a database of its own, dropped by `close()`: test files never share data. */
export async function openTestStore(options: StoreOptions = {}): Promise<TestStore> {
  const dbName = `roster_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const store = await connectStore({ ...options, uri: testStoreUri(), dbName, log: silentLog });
  const raw = await rawDatabase(dbName);
  const close = store.close;
  return {
    ...store,
    raw,
    async close() {
      await raw.drop();
      await raw.close();
      await close();
    },
  };
}

/** A clock a test moves by hand: `now()` for the store, `advance` to pass a lease without waiting. */
export function manualClock(start = new Date('2026-01-01T00:00:00Z')) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
  };
}
