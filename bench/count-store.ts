/**
 * Preloaded into the server by the bench (`node --import tsx --import bench/count-store.ts
 * src/main.ts`): counts the commands the server sends to its store, by the driver's own command
 * monitoring (`monitorCommands` + 'commandStarted'), so the table can say how many store calls a
 * request made. Nothing in src/ changes and production never loads this: without
 * ROSTER_BENCH_STORE_CALLS it does nothing.
 *
 * ROSTER_BENCH_STORE_CALLS names a file; the module writes there the port of a loopback-only HTTP
 * endpoint answering `{ total, byCommand }` (cumulative since start). The bench reads it before
 * and after a load that ends with nothing in flight, and divides by the requests the load made.
 */
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Connection upkeep, not work a request asked for. */
const UPKEEP = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'buildInfo', 'saslStart']);

const file = process.env.ROSTER_BENCH_STORE_CALLS;
if (file) {
  const load = createRequire(__filename);
  // The driver mongoose itself loads (it may be nested under mongoose/node_modules).
  const driverPath = load.resolve('mongodb', { paths: [path.dirname(load.resolve('mongoose'))] });
  const { MongoClient } = load(driverPath) as {
    MongoClient: { prototype: { connect: (...args: unknown[]) => Promise<unknown> } };
  };
  const byCommand: Record<string, number> = {};
  let total = 0;
  const connect = MongoClient.prototype.connect;
  MongoClient.prototype.connect = function (this: CountedClient, ...args: unknown[]) {
    if (!this.countedByBench) {
      this.countedByBench = true;
      // Read by the topology when it is created, i.e. on this connect.
      this.monitorCommands = true;
      this.on('commandStarted', (event: { commandName: string; command: Record<string, unknown> }) => {
        if (UPKEEP.has(event.commandName)) return;
        const collection = event.command[event.commandName];
        const key = `${typeof collection === 'string' ? collection : '-'}.${event.commandName}`;
        byCommand[key] = (byCommand[key] ?? 0) + 1;
        total += 1;
      });
    }
    return connect.apply(this, args);
  };
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ total, byCommand }));
  });
  server.listen(0, '127.0.0.1', () => {
    fs.writeFileSync(file, String((server.address() as { port: number }).port));
  });
  server.unref();
}

interface CountedClient {
  countedByBench?: boolean;
  monitorCommands: boolean;
  on(event: 'commandStarted', listener: (event: never) => void): void;
}
