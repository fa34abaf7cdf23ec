import fs from 'node:fs/promises';
import mongoose from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../log';
import { connectStore, openStore, type Store, runningStoreUriFile } from '../store';

/** How long a published store address may take to answer before it counts as left over from a crash. */
const PROBE_TIMEOUT_MS = 1500;
/** How long to wait for a server that locked the data directory just now to publish its store. */
const STARTING_SERVER_WAIT_MS = 5000;

/**
 * The store a CLI command works on. MONGODB_URI when set. Otherwise the embedded store's data
 * directory belongs to one process at a time: when a server runs on it, the command goes through
 * that server's store; when none does, the command starts the embedded store itself, and
 * `close()` stops it again.
 */
export async function openCliStore(config: Config, log: Logger): Promise<Store> {
  if (config.mongodbUri) {
    return connectStore({ uri: config.mongodbUri, dbName: config.databaseName, log });
  }
  const running = await runningServerStore(config.dataDir);
  if (running) return connectStore({ uri: running, dbName: config.databaseName, log });
  try {
    return await openStore(config, log);
  } catch (err) {
    // A server may have locked the directory between our look and our start: use its store then.
    if (!(err as Error).message.includes('in use by another Roster process')) throw err;
    const starting = await waitForRunningServerStore(config.dataDir, STARTING_SERVER_WAIT_MS);
    if (!starting) throw err;
    return connectStore({ uri: starting, dbName: config.databaseName, log });
  }
}

/** The address a running server's embedded store published, if that store answers. */
async function runningServerStore(dataDir: string): Promise<string | undefined> {
  const uri = await fs.readFile(runningStoreUriFile(dataDir), 'utf8').then(
    (text) => text.trim(),
    () => '',
  );
  return uri && (await answers(uri)) ? uri : undefined;
}

async function waitForRunningServerStore(dataDir: string, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const uri = await runningServerStore(dataDir);
    if (uri || Date.now() >= deadline) return uri;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function answers(uri: string): Promise<boolean> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: PROBE_TIMEOUT_MS,
    connectTimeoutMS: PROBE_TIMEOUT_MS,
  });
  try {
    await connection.asPromise();
    return true;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
