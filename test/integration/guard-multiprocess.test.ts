import { randomUUID } from 'node:crypto';
import { connectStore, type Store } from '../../src/store';
import { isViolation } from '../../src/store/users';
import { databaseUri, startAtomicStore, type AtomicStore } from '../harness/atomic-store';
import { spawnRoster, type RosterProcess } from '../harness/process';
import { dropTestDatabase, silentLog } from '../harness/store';
import { ENTERPRISE, PATCH_OP, SCIM_JSON, newTenant, userBody } from '../harness/tenant';

/** A small deterministic PRNG, so a failing seed can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PROCESSES = 2;
const CLIENTS = 8;
const REQUESTS_PER_CLIENT = 30;
const RACES = 40;

const deactivate = [{ op: 'replace', value: { active: false } }];
const reactivate = [{ op: 'replace', value: { active: true } }];
const assignManager = (id: string) => [{ op: 'add', path: `${ENTERPRISE}:manager`, value: id }];
const removeManager = [{ op: 'remove', path: `${ENTERPRISE}:manager` }];

/** SCIM over real HTTP with one tenant's token, to whichever process `base` names. */
function scim(token: string) {
  const send = (base: string, method: 'POST' | 'PATCH', path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': SCIM_JSON },
      body: JSON.stringify(body),
    });
  return {
    async create(base: string, userName: string): Promise<string> {
      const res = await send(base, 'POST', '/Users', userBody(userName));
      if (res.status !== 201) throw new Error(`create ${userName}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    },
    async patch(base: string, id: string, ops: unknown[]): Promise<{ status: number; text: string }> {
      const res = await send(base, 'PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: ops });
      return { status: res.status, text: await res.text() };
    },
  };
}

/**
 * I1 and I2 across processes (docs/domain.md): random lifecycle traffic like guard-concurrency.test.ts,
 * spread over two Roster processes that share one store. Nothing in Roster's memory is shared
 * between them, so only the store's single-document atomicity (conditional updates,
 * compare-and-set on `version`) keeps their decisions consistent. The store is MONGODB_URI when
 * set, else mongo-java-server (test/harness/atomic-store.ts); never the embedded FerretDB, whose
 * updates are not atomic (docs/store.md).
 */
describe('lifecycle guard with two Roster processes on one store', () => {
  const dbName = `roster_test_mp_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let atomic: AtomicStore | undefined;
  let store: Store | undefined;
  const rosters: RosterProcess[] = [];
  const bases: string[] = [];

  beforeAll(async () => {
    atomic = await startAtomicStore();
    const uri = databaseUri(atomic.uri, dbName);
    store = await connectStore({ uri, dbName, log: silentLog });
    for (let i = 0; i < PROCESSES; i += 1) {
      // The per-token rate limit would turn these bursts away with 429s; it is not under test here.
      rosters.push(spawnRoster({ PORT: '0', MONGODB_URI: uri, ROSTER_RATE_LIMIT_PER_SECOND: '0' }));
    }
    for (const roster of rosters) {
      const listening = await roster.waitForLine((l) => l.msg === 'roster listening');
      bases.push(`http://${listening.host as string}:${listening.port as number}/scim/v2`);
    }
  }, 180_000);

  afterAll(async () => {
    for (const roster of rosters) roster.child.kill('SIGINT');
    await Promise.all(rosters.map((r) => r.exited));
    if (atomic) await dropTestDatabase(dbName, databaseUri(atomic.uri, dbName));
    await store?.close();
    await atomic?.stop();
  }, 30_000);

  const violations = async (tenantId: string) =>
    (await store!.users.check(tenantId, { repair: false })).filter(isViolation);

  it('runs on a store whose conditional updates are atomic, in every process', async () => {
    expect(store!.capabilities.atomicUpdates).toBe(true);
    for (const roster of rosters) {
      const connected = await roster.waitForLine((l) => l.msg === 'store connected');
      expect(connected.store).toMatchObject({ atomicUpdates: true });
    }
  });

  it.each([1, 2, 3])(
    `seed %i: ${CLIENTS} clients × ${REQUESTS_PER_CLIENT} random lifecycle requests over ${PROCESSES} processes leave no I1/I2 violation`,
    async (seed) => {
      const { tenantId, token } = await newTenant(store!);
      const api = scim(token);
      const ids: string[] = [];
      for (let i = 0; i < 10; i += 1)
        ids.push(await api.create(bases[i % PROCESSES]!, `user${i}.mp${seed}@x.com`));
      await store!.users.transferOwnership(tenantId, ids[0]!, { tokenName: 'test', channel: 'admin' });

      const statuses = new Map<number, number>();
      const serverErrors: string[] = [];
      const client = async (n: number) => {
        const base = bases[n % PROCESSES]!;
        const random = prng(seed * 1000 + n);
        const pick = () => ids[Math.floor(random() * ids.length)]!;
        for (let i = 0; i < REQUESTS_PER_CLIENT; i += 1) {
          const user = pick();
          const roll = random();
          const ops =
            roll < 0.4
              ? assignManager(pick())
              : roll < 0.55
                ? removeManager
                : roll < 0.8
                  ? deactivate
                  : reactivate;
          const res = await api.patch(base, user, ops);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) serverErrors.push(`${res.status} from ${base}: ${res.text.slice(0, 300)}`);
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));

      expect(serverErrors).toEqual([]);
      expect([...statuses.keys()].every((s) => [200, 400, 409].includes(s))).toBe(true);
      expect(statuses.get(200)).toBeGreaterThan(0);
      expect(await violations(tenantId)).toEqual([]);
    },
  );

  /**
   * The random traffic above mends most violations it would make before it ends (the next move of
   * the report hides it), so it catches a broken guard only now and then. Here each race is
   * judged on its own: one process deactivates M while the other makes R a report of M, at once.
   * Exactly one wins (docs/domain.md: the ledger entry and the deactivation's precondition meet on M's
   * document).
   */
  it(`${RACES} races of "deactivate M" on one process against "assign R to M" on the other: never both`, async () => {
    const { tenantId, token } = await newTenant(store!);
    const api = scim(token);
    const pairs = await Promise.all(
      Array.from({ length: RACES }, async (_, i) => ({
        manager: await api.create(bases[0]!, `manager${i}.race@x.com`),
        report: await api.create(bases[1]!, `report${i}.race@x.com`),
      })),
    );

    const outcomes = await Promise.all(
      pairs.map(async ({ manager, report }, i) => {
        const [deactivation, assignment] = await Promise.all([
          api.patch(bases[i % PROCESSES]!, manager, deactivate),
          api.patch(bases[(i + 1) % PROCESSES]!, report, assignManager(manager)),
        ]);
        return { deactivation: deactivation.status, assignment: assignment.status };
      }),
    );

    const oneWinner = ({ deactivation, assignment }: (typeof outcomes)[number]) =>
      (deactivation === 200 && assignment === 409) || (deactivation === 409 && assignment === 200);
    expect(outcomes.filter((o) => !oneWinner(o))).toEqual([]);
    expect(await violations(tenantId)).toEqual([]);
  });
});
