/**
 * `npm run bench -- --only driver-floor [--seconds 3]`: what one `findOne({ _id })`, the form the
 * store layer sends (docs/store.md), costs the client process in the bare driver with no Roster
 * code around it: the floor under Roster's CPU per request, since each of a request's store calls
 * pays it (bench/README.md, "The driver's floor"). Measured in alternating rounds on one store:
 * with the driver's command monitoring off, and on with listeners as src/store/connection.ts and
 * bench/count-store.ts run it (monitoring deserialises every reply once more for its event). CPU
 * is this process's own (`process.cpuUsage`).
 */
import { mongo } from 'mongoose';
import { startRoster, withDatabase } from './server';
import { log } from './stats';
import { storedUser } from '../test/harness/stored-user';

const ROUNDS = 4;
const USERS = 200;

export interface DriverFloorRow {
  monitoring: boolean;
  /** Per round: client CPU ms per findOne, and calls per second at concurrency 1. */
  cpuMsPerCall: number[];
  callsPerSecond: number[];
}

export async function runDriverFloor(opts: { seconds: number }): Promise<DriverFloorRow[]> {
  const dbName = `roster_bench_floor_${Date.now()}`;
  const mongodbUri = process.env.MONGODB_URI ? withDatabase(process.env.MONGODB_URI, dbName) : undefined;
  const server = await startRoster({ mongodbUri });
  const seeding = new mongo.MongoClient(server.storeUri);
  try {
    const users = Array.from({ length: USERS }, (_, i) =>
      storedUser('floor', `user${i}@floor.example`, new Date(), {
        name: { givenName: 'Ada', familyName: `Floor${i}`, formatted: `Ada Floor${i}` },
        emails: [{ value: `user${i}@floor.example`, primary: true, type: 'work' }],
        title: 'Engineer',
      }),
    );
    await seeding
      .db(dbName)
      .collection('floor_users')
      .insertMany(users as never[]);
    const ids = users.map((u) => u._id);
    const rows: DriverFloorRow[] = [false, true].map((monitoring) => ({
      monitoring,
      cpuMsPerCall: [],
      callsPerSecond: [],
    }));
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const row of rows) {
        log(`driver floor: round ${round}/${ROUNDS}, monitoring ${row.monitoring ? 'on' : 'off'}`);
        const { cpuMs, calls, seconds } = await measureFindOne(
          server.storeUri,
          dbName,
          ids,
          row.monitoring,
          opts.seconds,
        );
        row.cpuMsPerCall.push(cpuMs / calls);
        row.callsPerSecond.push(calls / seconds);
      }
    }
    return rows;
  } finally {
    await seeding
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await seeding.close();
    await server.stop();
  }
}

async function measureFindOne(
  uri: string,
  dbName: string,
  ids: readonly string[],
  monitoring: boolean,
  seconds: number,
): Promise<{ cpuMs: number; calls: number; seconds: number }> {
  const client = new mongo.MongoClient(uri, { monitorCommands: monitoring });
  if (monitoring) {
    client.on('commandStarted', () => undefined);
    client.on('commandSucceeded', () => undefined);
  }
  await client.connect();
  try {
    const users = client.db(dbName).collection<{ _id: string }>('floor_users');
    const read = (i: number) => users.findOne({ _id: ids[i % ids.length]! });
    // Warm: the connection and the JIT, a second's worth.
    for (const until = performance.now() + 1000; performance.now() < until;) await read(0);
    const cpu = process.cpuUsage();
    const started = performance.now();
    let calls = 0;
    while (performance.now() - started < seconds * 1000) await read(calls++);
    const used = process.cpuUsage(cpu);
    return { cpuMs: (used.user + used.system) / 1000, calls, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.close();
  }
}

export function driverFloorMarkdown(rows: readonly DriverFloorRow[]): string {
  const fmt = (xs: number[], digits: number) => xs.map((x) => x.toFixed(digits)).join(' / ');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const off = rows.find((r) => !r.monitoring)!;
  const on = rows.find((r) => r.monitoring)!;
  return [
    '### Driver floor: one findOne by _id, bare driver, concurrency 1',
    '',
    `| Command monitoring | client CPU ms/call, rounds 1–${ROUNDS} | calls/s, rounds 1–${ROUNDS} |`,
    '|---|--:|--:|',
    ...rows.map(
      (r) => `| ${r.monitoring ? 'on' : 'off'} | ${fmt(r.cpuMsPerCall, 3)} | ${fmt(r.callsPerSecond, 0)} |`,
    ),
    '',
    `Monitoring on ÷ off, median client CPU per call: ${(median(on.cpuMsPerCall) / median(off.cpuMsPerCall)).toFixed(2)}× ` +
      '(each round after a warm second of its own).',
    '',
  ].join('\n');
}
