import type { Express } from 'express';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/log';
import type { Store } from '../../src/store';
import { openTestStore, silentLog } from './store';

export interface TestApp {
  app: Express;
  store: Store;
  close(): Promise<void>;
}

/** The real app on a real store (own database), driven in-process with supertest. */
export async function startTestApp(
  env: Record<string, string> = {},
  log: Logger = silentLog,
): Promise<TestApp> {
  const store = await openTestStore();
  const config = loadConfig(env);
  const app = buildApp({ config, store, log });
  return { app, store, close: () => store.close() };
}
