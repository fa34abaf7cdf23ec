import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/log';
import { connectStore, type Store } from '../../src/store';

export const silentLog = createLogger('silent');

export function testStoreUri(): string {
  const uri = process.env.ROSTER_TEST_STORE_URI;
  if (!uri) throw new Error('ROSTER_TEST_STORE_URI is unset: run the integration tests through jest');
  return uri;
}

/** A store on a database of its own, dropped by `close()`: test files never share data. */
export async function openTestStore(): Promise<Store> {
  const dbName = `roster_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const store = await connectStore({ uri: testStoreUri(), dbName, log: silentLog });
  const close = store.close;
  return {
    ...store,
    async close() {
      await store.connection.dropDatabase().catch(() => undefined);
      await close();
    },
  };
}
