/**
 * `npm run bench:groups [-- --members 1000,50000 --seconds 5]`: the cost of adding and removing
 * one member of a group by PATCH, at several group sizes, beside the raw store writes a
 * membership change needs (insert and delete of one membership document by `_id`), measured in
 * the same run. The issue's claim to check: the PATCH costs about the same at 1,000 and 50,000
 * members, because membership is one document per member and the answer carries no list.
 *
 * Roster runs in process on a FerretDB of its own (temporary data directory); members are seeded
 * through the driver in batches (50,000 SCIM creates would take far longer than what is measured).
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { connectStore } from '../src/store';
import { ensureFerretdbBinary } from '../src/store/embedded/ferretdb-binary';
import { startFerretdb } from '../src/store/embedded/ferretdb-process';
import type { MembershipDocument } from '../src/store/groups/group-document';
import type { UserDocument } from '../src/store/users';
import { openBaselineStore, type BaselineStore } from './baseline';
import { summarise, type CellResult } from './stats';
import { storedUser } from '../test/harness/stored-user';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BATCH = 5_000;
const log = (msg: string) => process.stderr.write(`bench:groups: ${msg}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      members: { type: 'string', default: '1000,50000' },
      seconds: { type: 'string', default: '5' },
    },
  });
  const sizes = values.members.split(',').map(Number);
  const seconds = Number(values.seconds);
  const quiet = createLogger('silent');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-groups-'));
  const ferret = await startFerretdb({
    binary: await ensureFerretdbBinary(quiet),
    dataDir,
    log: quiet,
    timeoutMs: 60_000,
  });
  const store = await connectStore({ uri: ferret.uri, dbName: 'roster_bench_groups', log: quiet });
  // The bench's own client: seeding in bulk and the raw-store floor go straight through the driver.
  const raw = await openBaselineStore(ferret.uri, 'roster_bench_groups');
  const app = buildApp({ config: loadConfig({ ROSTER_RATE_LIMIT_PER_SECOND: '0' }), store, log: quiet });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const tenant = await store.tenants.create('bench-groups');
    const { secret } = await store.tokens.issue(tenant._id, 'bench', ['scim:read', 'scim:write'], {
      tokenName: 'bench',
      channel: 'admin',
    });
    const headers = { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/scim+json' };

    const rows: { members: number; scim: CellResult; baseline: CellResult }[] = [];
    for (const size of sizes) {
      log(`seeding a group of ${size} members`);
      const created = await fetch(`${base}/scim/v2/Groups`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ schemas: [GROUP], displayName: `Group of ${size}` }),
      });
      const groupId = ((await created.json()) as { id: string }).id;
      const newcomer = await seed(raw, tenant._id, groupId, size);

      log(`measuring the raw store: insert + delete of one membership, ${seconds} s`);
      const baseline = await rawMembershipWrites(raw, tenant._id, groupId, newcomer, seconds);

      log(`measuring PATCH add / PATCH remove of one member, ${seconds} s`);
      const body = (op: Record<string, unknown>) => JSON.stringify({ schemas: [PATCH_OP], Operations: [op] });
      const scim = await load(`${base}/scim/v2/Groups/${groupId}`, headers, seconds, [
        body({ op: 'add', path: 'members', value: [{ value: newcomer }] }),
        body({ op: 'remove', path: `members[value eq "${newcomer}"]` }),
      ]);
      rows.push({ members: size, scim, baseline });
    }
    report(rows, ferret);
  } finally {
    server.close();
    await raw.connection.dropDatabase().catch(() => undefined);
    await raw.close();
    await store.close();
    await ferret.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `size` members of the stored shape, plus one user who is not a member yet (returned). */
async function seed(raw: BaselineStore, tenantId: string, groupId: string, size: number) {
  const now = new Date();
  let newcomer = '';
  for (let start = 0; start <= size; start += BATCH) {
    const users: UserDocument[] = Array.from({ length: Math.min(BATCH, size + 1 - start) }, (_, i) =>
      storedUser(tenantId, `m${start + i}.${groupId.slice(0, 8)}@bench.example`, now),
    );
    await raw
      .tenantDb(tenantId)
      .collection('users')
      .insertMany(users as never[]);
    const members = users
      .filter((_, i) => start + i < size)
      .map((u): MembershipDocument => ({ _id: `${groupId}|${u._id}`, tenantId, groupId, userId: u._id }));
    if (members.length > 0)
      await raw
        .tenantDb(tenantId)
        .collection('group_members')
        .insertMany(members as never[]);
    if (start + users.length > size) newcomer = users[users.length - 1]!._id;
  }
  return newcomer;
}

/** The floor: what a membership change has to write, straight through the driver. */
async function rawMembershipWrites(
  raw: BaselineStore,
  tenantId: string,
  groupId: string,
  userId: string,
  seconds: number,
): Promise<CellResult> {
  const members = raw.tenantDb(tenantId).collection('group_members');
  const doc = { _id: `${groupId}|${userId}`, tenantId, groupId, userId } as unknown as Parameters<
    typeof members.insertOne
  >[0];
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  for (let i = 0; Date.now() < end; i += 1) {
    const started = performance.now();
    if (i % 2 === 0) await members.insertOne(doc);
    else await members.deleteOne({ _id: doc._id });
    latencies.push(performance.now() - started);
  }
  if (latencies.length % 2 === 1) await members.deleteOne({ _id: doc._id });
  return summarise(latencies, seconds);
}

/** One connection alternating the two PATCHes for `seconds` (autocannon, as the main bench). */
function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  bodies: string[],
): Promise<CellResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let errors = 0;
    const instance = autocannon(
      {
        url,
        connections: 1,
        duration: seconds,
        requests: bodies.map((body) => ({ method: 'PATCH' as const, headers, body })),
      },
      (err) => (err ? reject(err) : resolve(summarise(latencies, seconds, errors))),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status === 204) latencies.push(ms);
      else errors += 1;
    });
  });
}

function report(
  rows: { members: number; scim: CellResult; baseline: CellResult }[],
  ferret: { kind: string },
): void {
  const first = rows[0]!;
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const lines = [
    `Group membership PATCH (one member added, then removed), concurrency 1, store: ${ferret.kind}, ${new Date().toISOString()}`,
    '',
    '| Members | PATCH /s | p50 ms | p99 ms | Raw writes /s | p50 ms | Cost ÷ rate | p50 vs smallest group |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${r.members.toLocaleString('en')} | ${fmt(r.scim.perSecond)} | ${fmt(r.scim.p50Ms)} | ${fmt(r.scim.p99Ms)} | ` +
        `${fmt(r.baseline.perSecond)} | ${fmt(r.baseline.p50Ms)} | ${(r.baseline.perSecond / r.scim.perSecond).toFixed(1)}× | ` +
        `${(r.scim.p50Ms / first.scim.p50Ms).toFixed(2)}× |`,
    ),
    '',
    rows.some((r) => r.scim.errors > 0)
      ? `Non-204 answers: ${rows.map((r) => r.scim.errors).join(', ')}`
      : 'Every PATCH answered 204.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:groups: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
