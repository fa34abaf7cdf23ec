/**
 * `npm run bench -- --only tenant-handles [--tenants N]`: what each tenant a process has served
 * costs it on the embedded store, where every tenant has a database of its own
 * (src/store/tenant-databases.ts). A tenant's first use in a process opens its database handle
 * (mongoose's `useDb`, cached) with six compiled models and creates its indexes; the handle is
 * kept for the life of the process. Measured in this process through the store's own API: the
 * heap after a full collection, before and after `--tenants` tenants (default 500) are each used
 * once, and the time of a first use against a use after it. On MongoDB the tenants share the
 * main database's collections, so there is nothing per tenant to measure.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { mongo } from 'mongoose';
import { connectStore, isTenantDatabaseOf } from '../src/store';
import { createLogger } from '../src/log';
import { startRoster } from './server';
import { log } from './stats';

export interface TenantHandlesResult {
  tenants: number;
  heapBeforeMiB: number;
  heapAfterMiB: number;
  kibPerTenant: number;
  firstUseMs: number;
  laterUseMs: number;
}

/** A full collection on demand, without `--expose-gc` on the bench's command line. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

function heapMiB(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed / 1048576;
}

export async function runTenantHandles(opts: { tenants: number }): Promise<TenantHandlesResult> {
  if (process.env.MONGODB_URI)
    throw new Error('tenant-handles measures the embedded store: unset MONGODB_URI');
  const server = await startRoster({ mongodbUri: undefined });
  const dbName = `roster_bench_handles_${Date.now()}`;
  const store = await connectStore({ uri: server.storeUri, dbName, log: createLogger('error') });
  try {
    const useTenant = (i: number) => store.users.byId(`bench-tenant-${i}`, 'nobody');
    await useTenant(-1); // the store's own first use: modules, connections, the JIT
    const before = heapMiB();
    const started = performance.now();
    for (let i = 0; i < opts.tenants; i += 1) {
      await useTenant(i);
      if ((i + 1) % 100 === 0) log(`tenant-handles: ${i + 1}/${opts.tenants} tenants used`);
    }
    const firstUseMs = (performance.now() - started) / opts.tenants;
    const after = heapMiB();
    const again = performance.now();
    for (let i = 0; i < opts.tenants; i += 1) await useTenant(i);
    const laterUseMs = (performance.now() - again) / opts.tenants;
    return {
      tenants: opts.tenants,
      heapBeforeMiB: before,
      heapAfterMiB: after,
      kibPerTenant: ((after - before) * 1024) / opts.tenants,
      firstUseMs,
      laterUseMs,
    };
  } finally {
    await store.close();
    await dropBenchDatabases(server.storeUri, dbName);
    await server.stop();
  }
}

async function dropBenchDatabases(uri: string, dbName: string): Promise<void> {
  const client = new mongo.MongoClient(uri);
  try {
    const { databases } = await client.db().admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) {
      if (name === dbName || isTenantDatabaseOf(dbName, name)) await client.db(name).dropDatabase();
    }
  } finally {
    await client.close();
  }
}

export function tenantHandlesMarkdown(r: TenantHandlesResult): string {
  return [
    `### Tenant handles: ${r.tenants} tenants used once each, embedded store`,
    '',
    '| Heap before | after | per tenant | first use of a tenant | a use after it |',
    '|--:|--:|--:|--:|--:|',
    `| ${r.heapBeforeMiB.toFixed(1)} MiB | ${r.heapAfterMiB.toFixed(1)} MiB | ${r.kibPerTenant.toFixed(1)} KiB | ` +
      `${r.firstUseMs.toFixed(1)} ms | ${r.laterUseMs.toFixed(2)} ms |`,
    '',
  ].join('\n');
}
