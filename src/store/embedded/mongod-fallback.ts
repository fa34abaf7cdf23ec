import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../log';
import type { EmbeddedServer } from './embedded-server';

/**
 * The fallback embedded store where Go is missing: a real mongod through mongodb-memory-server
 * (downloaded on first use where the machine has internet; MONGOMS_SYSTEM_BINARY names a local
 * one). Data persists under `dataDir/mongod`.
 */
export async function startMongodFallback(opts: { dataDir: string; log: Logger }): Promise<EmbeddedServer> {
  const dbPath = path.join(opts.dataDir, 'mongod');
  fs.mkdirSync(dbPath, { recursive: true });
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create({
    instance: { ip: '127.0.0.1', dbPath, storageEngine: 'wiredTiger' },
  });
  let resolveExited: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => (resolveExited = resolve));
  const pid = server.instanceInfo?.instance.mongodProcess?.pid;
  opts.log.info({ store: 'mongod', pid, dataDir: dbPath }, 'embedded store started');
  return {
    kind: 'mongod',
    uri: server.getUri(),
    pid,
    exited,
    restarts: 0,
    stop: async () => {
      await server.stop({ doCleanup: false });
      resolveExited();
    },
  };
}
