import type { Express } from 'express';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/log';
import { createMetrics } from '../../src/ops/metrics';
import type { StoreOptions } from '../../src/store';
import { openTestStore, silentLog, type TestStore } from './store';

export interface TestApp {
  app: Express;
  store: TestStore;
  close(): Promise<void>;
}

/**
 * The real app on a real store (own database), driven in-process with supertest, wired as
 * src/main.ts wires it: the store reports its refusals to the app's metrics.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  log: Logger = silentLog,
  options: Pick<StoreOptions, 'now'> = {},
): Promise<TestApp> {
  // A test store is never the embedded one: it has no restarts to count.
  let opened: TestStore | undefined;
  const metrics = createMetrics({
    embeddedStoreRestarts: () => 0,
    pendingDeactivations: () => opened!.users.pendingDeactivations.totals(),
    now: options.now,
  });
  const store = (opened = await openTestStore({ ...options, observer: metrics.store }));
  // One clock for the store and the app's sessions: a test that moves it moves both.
  const clock = options.now;
  const app = buildApp({
    config: loadConfig(env),
    store,
    log,
    metrics,
    ...(clock ? { now: () => clock().getTime() } : {}),
  });
  return { app, store, close: () => store.close() };
}
