/**
 * The store goes away under load and comes back (the issue "Operations: store outages"): Roster
 * answers 503 + Retry-After meanwhile, never 500, reconnects by itself, and what it acknowledged
 * is there afterwards with the invariants intact. This file runs a FerretDB of its own on a fixed
 * port, so it can kill it, pause it and start it again where the connection pool expects it.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { connectStore, type Store } from '../../src/store';
import type { EmbeddedServer } from '../../src/store/embedded/embedded-server';
import { ensureFerretdbBinary } from '../../src/store/embedded/ferretdb-binary';
import { startFerretdb } from '../../src/store/embedded/ferretdb-process';
import { isViolation } from '../../src/store/users';
import { silentLog } from '../harness/store';
import {
  createUser,
  expectScimError,
  managerOf,
  newTenant,
  patchOp,
  scimClient,
  userBody,
  type ScimClient,
} from '../harness/tenant';

/** A port nobody listens on now, for the store to come back to. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGSTOPs the store and returns once every one of its threads is stopped: kill() only queues
 * the signal, and on a loaded machine a thread already running could still answer a command.
 */
async function freeze(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  const threadStates = () =>
    fs.readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    });
  for (let i = 0; i < 200 && !threadStates().every((state) => state === 'T'); i += 1) await sleep(10);
}

interface Outcome {
  what: string;
  status: number;
  body: string;
}

describe('store outage', () => {
  let binary: string;
  let dataDir: string;
  let port: number;
  let server: EmbeddedServer;
  let store: Store;

  const startServer = () => startFerretdb({ binary, dataDir, log: silentLog, timeoutMs: 30000, port });

  beforeAll(async () => {
    binary = process.env.ROSTER_TEST_FERRETDB_BIN ?? (await ensureFerretdbBinary(silentLog));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-outage-'));
    port = await freePort();
    server = await startServer();
    store = await connectStore({ uri: server.uri, dbName: 'outage', log: silentLog });
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function waitUntilReady(app: Express, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await request(app).get('/readyz')).status !== 200) {
      if (Date.now() > deadline) throw new Error(`store not back within ${timeoutMs} ms`);
      await sleep(200);
    }
  }

  it('answers 2xx or 503 through a crash and restart, and keeps every acknowledged write', async () => {
    const app = buildApp({
      config: loadConfig({ ROSTER_METRICS_PUBLIC: 'true' }),
      store,
      log: createLogger('error'),
    });
    const { tenantId, token } = await newTenant(store);
    const scim = scimClient(app, token);
    const manager = await createUser(scim, 'mia.manager@outage.example');

    const outcomes: Outcome[] = [];
    /** Per user: the title last acknowledged, and titles sent after it whose answer was 503. */
    const titles = new Map<string, { acked: string | undefined; unsure: string[] }>();
    const created: { id: string; userName: string }[] = [];
    let running = true;

    // Each worker owns its users, so per user the writes are sequential and the expected final
    // state is known: the last acknowledged title, or one sent later that got a 503 (a write may
    // land and lose its answer).
    async function worker(w: number, client: ScimClient): Promise<void> {
      const mine: string[] = [];
      for (let i = 0; running; i += 1) {
        if (mine.length < 2 || i % 3 === 0) {
          const userName = `w${w}.u${i}@outage.example`;
          const res = await client.post('/Users', userBody(userName, managerOf(manager.id)));
          outcomes.push({ what: `POST ${userName}`, status: res.status, body: res.text });
          if (res.status === 201) {
            mine.push(res.body.id as string);
            created.push({ id: res.body.id as string, userName });
            titles.set(res.body.id as string, { acked: undefined, unsure: [] });
          }
          continue;
        }
        const id = mine[i % mine.length]!;
        const body =
          i % 4 === 0
            ? patchOp({ op: 'replace', path: 'active', value: i % 8 !== 0 })
            : patchOp({ op: 'replace', path: 'title', value: `title-${w}-${i}` });
        const res = await client.patch(`/Users/${id}`, body);
        outcomes.push({
          what: `PATCH ${id} ${JSON.stringify(body.Operations)}`,
          status: res.status,
          body: res.text,
        });
        if (i % 4 !== 0) {
          const record = titles.get(id)!;
          if (res.status === 200) titles.set(id, { acked: `title-${w}-${i}`, unsure: [] });
          else record.unsure.push(`title-${w}-${i}`);
        }
      }
    }

    const workers = [1, 2, 3].map((w) => worker(w, scim));
    await sleep(1000);
    process.kill(server.pid!, 'SIGKILL');
    await server.exited;

    // Past serverSelectionTimeoutMS (5 s), so requests waiting for the store are answered 503.
    await sleep(2000);
    const notReady = await request(app).get('/readyz');
    expect(notReady.status).toBe(503);
    await sleep(4500);

    server = await startServer();
    await waitUntilReady(app, 20000);
    await sleep(1500);
    running = false;
    await Promise.all(workers);

    const unexpected = outcomes.filter((o) => !(o.status >= 200 && o.status < 300) && o.status !== 503);
    expect(unexpected).toEqual([]);
    const unavailable = outcomes.filter((o) => o.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const o of unavailable) {
      const body = JSON.parse(o.body) as Record<string, unknown>;
      expect(body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    }
    expect(outcomes.filter((o) => o.status >= 200 && o.status < 300).length).toBeGreaterThan(10);

    // The invariants hold (leftovers of cut-off writes only ever refuse, and are not violations).
    const findings = await store.users.check(tenantId, { repair: false });
    expect(findings.filter(isViolation)).toEqual([]);

    for (const { id, userName } of created) {
      const res = await scim.get(`/Users/${id}`);
      expect(res.status).toBe(200);
      expect(res.body.userName).toBe(userName);
      const { acked, unsure } = titles.get(id)!;
      expect([acked, ...unsure]).toContain(res.body.title);
    }

    const metrics = await request(app).get('/metrics');
    const counted = Number(/^roster_store_unavailable_total (\d+)$/m.exec(metrics.text)?.[1]);
    expect(counted).toBeGreaterThan(0);
  }, 60000);

  it('answers a request the store does not answer in time with 503 + Retry-After', async () => {
    const app = buildApp({ config: loadConfig({ ROSTER_REQUEST_TIMEOUT_MS: '500' }), store, log: silentLog });
    const { token } = await newTenant(store);
    const scim = scimClient(app, token);

    await freeze(server.pid!);
    let timedOut;
    try {
      const started = Date.now();
      timedOut = await scim.post('/Users', userBody('paused.store@outage.example'));
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      process.kill(server.pid!, 'SIGCONT');
    }
    expectScimError(timedOut, 503);
    expect(timedOut.headers['retry-after']).toMatch(/^\d+$/);
    // The retry is safe either way: the paused request may have got as far as its write.
    const retried = await scim.post('/Users', userBody('paused.store@outage.example'));
    if (retried.status !== 201) expectScimError(retried, 409, 'uniqueness');
    const found = await scim.get(
      `/Users?filter=${encodeURIComponent('userName eq "paused.store@outage.example"')}`,
    );
    expect(found.body.totalResults).toBe(1);
  });

  it('/readyz answers 503 within about a second while the store is frozen, and 200 once it thaws', async () => {
    const app = buildApp({ config: loadConfig({}), store, log: silentLog });
    await freeze(server.pid!);
    let frozen;
    let tookMs;
    try {
      const started = Date.now();
      frozen = await request(app).get('/readyz');
      tookMs = Date.now() - started;
    } finally {
      process.kill(server.pid!, 'SIGCONT');
    }
    expect(frozen.status).toBe(503);
    expect(frozen.body.status).toBe('store unavailable');
    // The ping gives up after 1 s (READINESS_TIMEOUT_MS); without that bound the probe would wait
    // on the frozen store, which thaws only after the answer, until the test times out. 3 s
    // leaves room for a loaded machine.
    expect(tookMs).toBeLessThan(3000);
    await waitUntilReady(app, 10000);
  });

  it('a /Bulk cut off by the store: done operations keep their statuses, the rest are 503, and only those are retried', async () => {
    const app = buildApp({ config: loadConfig({}), store, log: silentLog });
    const { token } = await newTenant(store);
    // The real store, killed for real just before the bulk's fourth create reaches it.
    let creates = 0;
    const dyingStore: Store = {
      ...store,
      users: {
        ...store.users,
        create: async (...args: Parameters<Store['users']['create']>) => {
          creates += 1;
          if (creates === 4) {
            process.kill(server.pid!, 'SIGKILL');
            await server.exited;
          }
          return store.users.create(...args);
        },
      },
    };
    const dying = scimClient(
      buildApp({ config: loadConfig({}), store: dyingStore, log: createLogger('error') }),
      token,
    );
    const names = [1, 2, 3, 4, 5, 6].map((n) => `bulk${n}.cut@outage.example`);
    const operations = names.map((userName, i) => ({
      method: 'POST',
      path: '/Users',
      bulkId: `u${i + 1}`,
      data: userBody(userName),
    }));
    const res = await dying.post('/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: operations,
    });
    server = await startServer();
    await waitUntilReady(app, 20000);

    expect(res.status).toBe(200);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    const answered = res.body.Operations as {
      bulkId: string;
      status: string;
      response?: { detail: string };
    }[];
    expect(answered.map((o) => [o.bulkId, o.status])).toEqual([
      ['u1', '201'],
      ['u2', '201'],
      ['u3', '201'],
      ['u4', '503'],
      ['u5', '503'],
      ['u6', '503'],
    ]);
    expect(answered[3]!.response!.detail).toMatch(/may or may not have been applied/);
    expect(answered[4]!.response!.detail).toMatch(/Not attempted: the store failed at Operations\[3\]/);

    // The client retries only what is left; the done ones are there, exactly once.
    const scim = scimClient(app, token);
    const retry = await scim.post('/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: operations.slice(3),
    });
    expect(retry.status).toBe(200);
    for (const o of retry.body.Operations as { status: string; response?: { scimType?: string } }[]) {
      if (o.status !== '201') expect(o.response?.scimType).toBe('uniqueness');
    }
    for (const userName of names) {
      const found = await scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
      expect(found.body.totalResults).toBe(1);
    }
  });

  it('a handler finishing after its timeout leaves its write in place and the process serving', async () => {
    const WRITE_DELAY_MS = 800;
    // The real store with a slow create: the write starts after the body is parsed and lands
    // after the 503 has gone out, so the handler's late response meets a response already sent.
    let lateWrite: Promise<unknown> | undefined;
    const slowStore: Store = {
      ...store,
      users: {
        ...store.users,
        create: (...args: Parameters<Store['users']['create']>) => {
          const write = sleep(WRITE_DELAY_MS).then(() => store.users.create(...args));
          lateWrite = write.catch(() => undefined);
          return write;
        },
      },
    };
    const app = buildApp({
      config: loadConfig({ ROSTER_REQUEST_TIMEOUT_MS: '300' }),
      store: slowStore,
      log: silentLog,
    });
    const { token } = await newTenant(store);
    const scim = scimClient(app, token);

    expectScimError(await scim.post('/Users', userBody('late.writer@outage.example')), 503);
    expect(lateWrite).toBeDefined();
    // The handler's own write, awaited to its end rather than guessed at with a sleep; the
    // handler goes on to answer in the turns that follow, before the next request is served.
    await lateWrite;
    await new Promise((resolve) => setImmediate(resolve));
    expect((await request(app).get('/healthz')).status).toBe(200);

    // The IdP's retry (here through an app without the delay) meets the write that landed.
    const direct = scimClient(buildApp({ config: loadConfig({}), store, log: silentLog }), token);
    expectScimError(await direct.post('/Users', userBody('late.writer@outage.example')), 409, 'uniqueness');
    const found = await direct.get(
      `/Users?filter=${encodeURIComponent('userName eq "late.writer@outage.example"')}`,
    );
    expect(found.body.totalResults).toBe(1);
  });
});
