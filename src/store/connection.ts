import mongoose, { type Connection } from 'mongoose';

/**
 * One mongoose connection per store (never the global default), so tests and the CLI can hold
 * several. Commands are not buffered while disconnected: a request fails fast (and is answered
 * 503) rather than hanging until the store comes back.
 */
export async function connect(uri: string, dbName: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    bufferCommands: false,
    autoIndex: false,
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    maxPoolSize: 20,
    // The command events tell a store that cannot write (src/store/store-readiness.ts).
    monitorCommands: true,
  });
  await connection.asPromise();
  return connection;
}
