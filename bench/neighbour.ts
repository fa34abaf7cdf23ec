/**
 * `npm run bench -- --only neighbour [--users 10000] [--seconds 5]`: tenant isolation (issue 15).
 * A 2-user tenant's list (`GET /Users`, count and page) and `GET /Users/{id}` at concurrency 1,
 * first with no other tenant on the store, then beside a tenant holding `--users` users (10,000
 * by default); the ratio of the two is what one tenant's size costs another. On the embedded
 * store each tenant has a database of its own (src/store/tenant-databases.ts), so it should stay
 * near 1×; with one shared collection the list read every tenant's users.
 */
import type { mongo } from 'mongoose';
import { openBaselineStore } from './baseline';
import { runScimCell, type Scenario, type Target, type Window } from './scenarios';
import { createTenant, startRoster, withDatabase } from './server';
import { log, type CellResult } from './stats';
import { storedUser } from '../test/harness/stored-user';

/** The bound the issue sets: beside the large tenant, within 1.5× of alone. */
const BOUND = 1.5;
/** Documents per insert while the neighbour is stored. */
const BATCH = 1000;

export interface NeighbourResult {
  neighbourUsers: number;
  rows: { label: string; alone: CellResult; beside: CellResult; ratio: number }[];
}

export async function runNeighbour(opts: {
  neighbourUsers: number;
  seconds: number;
}): Promise<NeighbourResult> {
  const benchDb = `roster_bench_${Date.now()}`;
  const mongodbUri = process.env.MONGODB_URI ? withDatabase(process.env.MONGODB_URI, benchDb) : undefined;
  const server = await startRoster({ mongodbUri });
  const raw = await openBaselineStore(server.storeUri, server.dbName);
  try {
    const small = await createTenant(server, 'small');
    const ids: string[] = [];
    for (const name of ['ana', 'raj']) ids.push(await createUser(server.baseUrl, small.token, name));
    const target: Target = {
      baseUrl: server.baseUrl,
      token: small.token,
      pids: { server: server.pid, store: server.storePid },
      storeCalls: () => server.storeCalls(),
    };
    const window: Window = { warmSeconds: 1, seconds: opts.seconds, minSamples: 20, maxSeconds: 60 };
    const scenarios: Scenario[] = [
      timed('page-first', 'GET /Users (the 2-user tenant: count + page)', '/scim/v2/Users'),
      timed(
        'get-id',
        'GET /Users/{id} (the 2-user tenant)',
        ids.map((id) => `/scim/v2/Users/${id}`),
      ),
    ];
    const measure = async () => {
      const cells: CellResult[] = [];
      for (const s of scenarios) cells.push(await runScimCell(target, s, { concurrency: 1, window }));
      return cells;
    };
    // A pass not counted: the first cells of a fresh server would also measure its warming up.
    await measure();
    const alone = await measure();
    log(`alone: ${alone.map((c) => `${c.perSecond.toFixed(1)}/s p50 ${c.p50Ms.toFixed(2)} ms`).join(', ')}`);

    const big = await createTenant(server, 'neighbour');
    log(`storing ${opts.neighbourUsers} users of the neighbour tenant directly`);
    await storeUsers(raw.tenantDb(big.tenantId), big.tenantId, opts.neighbourUsers);
    // The neighbour in use, as a real one would be: its database opened and indexed by Roster.
    expectOk(await fetch(`${server.baseUrl}/scim/v2/Users?count=1`, { headers: auth(big.token) }));
    const beside = await measure();
    log(
      `beside: ${beside.map((c) => `${c.perSecond.toFixed(1)}/s p50 ${c.p50Ms.toFixed(2)} ms`).join(', ')}`,
    );
    return {
      neighbourUsers: opts.neighbourUsers,
      rows: scenarios.map((s, i) => ({
        label: s.label,
        alone: alone[i]!,
        beside: beside[i]!,
        ratio: alone[i]!.perSecond / beside[i]!.perSecond,
      })),
    };
  } finally {
    if (mongodbUri) await raw.connection.dropDatabase().catch(() => undefined);
    await raw.close();
    await server.stop();
  }
}

export function neighbourMarkdown(result: NeighbourResult): string {
  const ms = (c: CellResult) => `${c.perSecond.toFixed(1)}/s · ${c.p50Ms.toFixed(2)} ms`;
  const lines = [
    `| Operation (c=1) | alone: /s · p50 | beside ${result.neighbourUsers.toLocaleString('en')} users: /s · p50 | cost ÷ rate | ≤ ${BOUND}× | store calls |`,
    '| --- | ---: | ---: | ---: | :-: | ---: |',
    ...result.rows.map(
      (r) =>
        `| ${r.label} | ${ms(r.alone)} | ${ms(r.beside)} | ${r.ratio.toFixed(2)}× | ${r.ratio <= BOUND ? 'yes' : 'no'} | ` +
        `${r.alone.storeCallsPerOp?.toFixed(2) ?? '–'} / ${r.beside.storeCallsPerOp?.toFixed(2) ?? '–'} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function timed(id: Scenario['id'], label: string, paths: string | string[]): Scenario {
  const list = [paths].flat();
  return {
    id,
    label,
    baseline: 'read',
    expect: 200,
    kind: 'timed',
    requests: () => {
      let i = 0;
      return [{ method: 'GET', setupRequest: (req) => ({ ...req, path: list[i++ % list.length]! }) }];
    },
  };
}

const auth = (token: string) => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/scim+json',
});

function expectOk(res: Response): void {
  if (!res.ok) throw new Error(`the bench's request failed: ${res.status}`);
}

async function createUser(baseUrl: string, token: string, name: string): Promise<string> {
  const res = await fetch(`${baseUrl}/scim/v2/Users`, {
    method: 'POST',
    headers: auth(token),
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: `${name}@small.example`,
      name: { givenName: name, familyName: 'Small' },
      emails: [{ value: `${name}@small.example`, primary: true }],
    }),
  });
  if (res.status !== 201) throw new Error(`POST /Users: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/**
 * The neighbour's users, stored with the driver (10,000 POSTs would take minutes, and only their
 * number is under test): the stored shape of a user with its userName key document.
 */
async function storeUsers(db: mongo.Db, tenantId: string, n: number): Promise<void> {
  const now = new Date();
  for (let start = 0; start < n; start += BATCH) {
    const users = Array.from({ length: Math.min(BATCH, n - start) }, (_, i) => {
      const userName = `n${start + i}@neighbour.example`;
      return storedUser(tenantId, userName, now, {
        name: { givenName: `N${start + i}`, familyName: 'Neighbour' },
        emails: [{ value: userName, primary: true }],
      });
    });
    await db.collection('users').insertMany(users as never[]);
    await db
      .collection('user_keys')
      .insertMany(
        users.map((u) => ({ _id: `${tenantId}|u|${u.userNameKey}`, tenantId, userId: u._id })) as never[],
      );
  }
}
