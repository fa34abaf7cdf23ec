import type { Connection } from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../log';
import { detectCapabilities, type StoreCapabilities } from './capabilities';
import { connect } from './connection';
import { startEmbeddedStore, type EmbeddedServer } from './embedded';

export type { StoreCapabilities };

export interface Store {
  readonly connection: Connection;
  readonly capabilities: StoreCapabilities;
  /** The server Roster started itself when MONGODB_URI is unset. */
  readonly embedded: EmbeddedServer | undefined;
  /** True when the store answers a ping now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens the configured store: MONGODB_URI when set, else the embedded one. */
export async function openStore(config: Config, log: Logger): Promise<Store> {
  const embedded = config.mongodbUri ? undefined : await startEmbeddedStore(config, log);
  try {
    return await connectStore({
      uri: config.mongodbUri ?? embedded!.uri,
      dbName: config.databaseName,
      embedded,
      log,
    });
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

export async function connectStore(opts: {
  uri: string;
  dbName: string;
  embedded?: EmbeddedServer | undefined;
  log: Logger;
}): Promise<Store> {
  const connection = await connect(opts.uri, opts.dbName);
  const capabilities = await detectCapabilities(connection);
  opts.log.info({ store: capabilities, db: opts.dbName }, 'store connected');
  return {
    connection,
    capabilities,
    embedded: opts.embedded,
    async ping() {
      try {
        await connection.db!.admin().command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await connection.close();
      await opts.embedded?.stop();
    },
  };
}
