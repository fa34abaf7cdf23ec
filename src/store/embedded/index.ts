import fs from 'node:fs';
import type { Config } from '../../config';
import type { Logger } from '../../log';
import type { EmbeddedServer } from './embedded-server';
import { ensureFerretdbBinary, goAvailable } from './ferretdb-binary';
import { startFerretdb } from './ferretdb-process';
import { startMongodFallback } from './mongod-fallback';
import { portOf, supervise } from './supervisor';

export type { EmbeddedServer };

/** Why no embedded store could start, and what the operator can do about it. */
export class EmbeddedStoreUnavailable extends Error {
  override readonly name = 'EmbeddedStoreUnavailable';
}

/**
 * Starts the store Roster uses when MONGODB_URI is unset: FerretDB built from tools/ferretdb
 * (or FERRETDB_BIN), supervised (restarted when it exits on its own), else a real mongod via
 * mongodb-memory-server.
 */
export async function startEmbeddedStore(config: Config, log: Logger): Promise<EmbeddedServer> {
  // Every engine below needs the directory: a read-only one is the operator's fix, said first.
  const unwritable = writeProblem(config.dataDir);
  if (unwritable !== undefined) {
    throw new EmbeddedStoreUnavailable(
      `ROSTER_DATA_DIR (${config.dataDir}) is not writable (${unwritable}): make ROSTER_DATA_DIR writable, ` +
        'or point it at a writable directory; or set MONGODB_URI to use a MongoDB server instead.',
    );
  }
  const failures: string[] = [];
  if (config.ferretdbBin || goAvailable()) {
    try {
      const binary = config.ferretdbBin ?? (await ensureFerretdbBinary(log));
      const start = (port?: number) =>
        startFerretdb({ binary, dataDir: config.dataDir, log, timeoutMs: config.storeStartTimeoutMs, port });
      const first = await start();
      // Restarted on the same port, so the open connection pool reconnects without being told.
      return supervise(first, () => start(portOf(first.uri)), log);
    } catch (err) {
      failures.push(`FerretDB: ${(err as Error).message}`);
      // A locked data directory is not a reason to silently switch engines on the same data.
      if ((err as Error).message.includes('in use by another Roster process')) {
        throw new EmbeddedStoreUnavailable(failures.join('; '));
      }
    }
  } else {
    failures.push('FerretDB: Go is not installed and FERRETDB_BIN is unset');
  }
  try {
    return await startMongodFallback({ dataDir: config.dataDir, log });
  } catch (err) {
    failures.push(`mongod via mongodb-memory-server: ${(err as Error).message.split('\n')[0]}`);
  }
  throw new EmbeddedStoreUnavailable(
    `No embedded store could start (${failures.join('; ')}). ` +
      'Set MONGODB_URI to a MongoDB server, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/roster npm start',
  );
}

/** Why the data directory cannot be written (an errno code such as EROFS or EACCES), if it cannot. */
function writeProblem(dataDir: string): string | undefined {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    // access(W_OK) is refused on a read-only filesystem even for root, unlike a chmod'ed directory.
    fs.accessSync(dataDir, fs.constants.W_OK);
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  }
}
