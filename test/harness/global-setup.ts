import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { createLogger } from '../../src/log';
import { ensureFerretdbBinary } from '../../src/store/embedded/ferretdb-binary';
import { startFerretdb } from '../../src/store/embedded/ferretdb-process';
import type { EmbeddedServer } from '../../src/store/embedded/embedded-server';

/**
 * One store for the whole run: MONGODB_URI when set (so the suite runs against a real MongoDB),
 * else one embedded FerretDB on a fresh temporary directory. Test files each use their own
 * database on it (test/harness/store.ts). The URI reaches the workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.ROSTER_TEST_STORE_URI = process.env.MONGODB_URI;
    return;
  }
  const log = createLogger('warn');
  const binary = process.env.FERRETDB_BIN ?? (await ensureFerretdbBinary(createLogger('info')));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-test-store-'));
  const server = await startFerretdb({ binary, dataDir, log, timeoutMs: 60000 });
  process.env.ROSTER_TEST_STORE_URI = server.uri;
  process.env.ROSTER_TEST_FERRETDB_BIN = binary;
  (globalThis as { rosterTestStore?: { server: EmbeddedServer; dataDir: string } }).rosterTestStore = {
    server,
    dataDir,
  };
}
