import { randomUUID } from 'node:crypto';
import { connectStore, type Store } from '../../src/store';
import { isViolation } from '../../src/store/users';
import { databaseUri, startAtomicStore, type AtomicStore } from '../harness/atomic-store';
import { spawnRoster, type RosterProcess } from '../harness/process';
import { dropTestDatabase, silentLog } from '../harness/store';
import {
  ENTERPRISE,
  PATCH_OP,
  ROSTER,
  SCIM_JSON,
  TEST_OPERATOR,
  newTenant,
  userBody,
} from '../harness/tenant';

const PROCESSES = 2;
const LEADS = 10;
const REPORTS_PER_LEAD = 2;

/**
 * Pending deactivations finished exactly once across processes (docs/contract.md "Pending
 * deactivations"): every lead's deactivation is pending, and the 20 reports are reassigned all
 * at once, each lead's two on different Roster processes, so both processes see "last report
 * gone" for the same lead and race to carry it out. Only the store's conditional update (the
 * guard's own, naming the pending request) decides; the store is MONGODB_URI or
 * mongo-java-server (test/harness/atomic-store.ts), never the embedded FerretDB.
 */
describe('pending deactivations with two Roster processes on one store', () => {
  const dbName = `roster_test_pmp_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let atomic: AtomicStore | undefined;
  let store: Store | undefined;
  const rosters: RosterProcess[] = [];
  const bases: string[] = [];

  beforeAll(async () => {
    atomic = await startAtomicStore();
    const uri = databaseUri(atomic.uri, dbName);
    store = await connectStore({ uri, dbName, log: silentLog });
    for (let i = 0; i < PROCESSES; i += 1) {
      rosters.push(spawnRoster({ PORT: '0', MONGODB_URI: uri, ROSTER_RATE_LIMIT_PER_SECOND: '0' }));
    }
    for (const roster of rosters) {
      const listening = await roster.waitForLine((l) => l.msg === 'roster listening');
      bases.push(`http://${listening.host as string}:${listening.port as number}`);
    }
  }, 180_000);

  afterAll(async () => {
    for (const roster of rosters) roster.child.kill('SIGINT');
    await Promise.all(rosters.map((r) => r.exited));
    if (atomic) await dropTestDatabase(dbName, databaseUri(atomic.uri, dbName)).catch(() => undefined);
    await store?.close();
    await atomic?.stop();
  }, 30_000);

  function client(token: string) {
    const send = async (base: string, method: string, path: string, body: unknown, type = SCIM_JSON) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
    };
    return {
      async create(base: string, userName: string, extra: Record<string, unknown> = {}) {
        const res = await send(base, 'POST', '/scim/v2/Users', userBody(userName, extra));
        if (res.status !== 201)
          throw new Error(`create ${userName}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.id as string;
      },
      deactivate: (base: string, id: string) =>
        send(base, 'PATCH', `/scim/v2/Users/${id}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'replace', value: { active: false } }],
        }),
      reassign: (base: string, id: string, managerId: string) =>
        send(base, 'PATCH', `/api/v1/users/${id}`, { managerId }, 'application/json'),
    };
  }

  it('runs on a store whose conditional updates are atomic', () => {
    expect(store!.capabilities.atomicUpdates).toBe(true);
  });

  it(`${LEADS * REPORTS_PER_LEAD} parallel reassignments of the last reports of ${LEADS} pending leads: each lead completed exactly once, I1 never broken`, async () => {
    const { tenantId, token } = await newTenant(store!);
    const okta = await store!.tokens.issue(tenantId, 'okta', ['scim:read', 'scim:write'], TEST_OPERATOR);
    const admin = client(token);
    const idp = client(okta.secret);
    const lead = { [ROSTER]: { canManageTeam: true } };
    const next = await admin.create(bases[0]!, 'kai.next@x.com', lead);
    const teams = await Promise.all(
      Array.from({ length: LEADS }, async (_, i) => {
        const id = await admin.create(bases[i % PROCESSES]!, `lead${i}.mp@x.com`, lead);
        const reports: string[] = [];
        for (let r = 0; r < REPORTS_PER_LEAD; r += 1) {
          reports.push(
            await admin.create(bases[r % PROCESSES]!, `report${i}-${r}.mp@x.com`, {
              [ENTERPRISE]: { manager: { value: id } },
            }),
          );
        }
        return { id, reports };
      }),
    );
    for (const [i, team] of teams.entries()) {
      expect((await idp.deactivate(bases[i % PROCESSES]!, team.id)).status).toBe(409);
    }
    expect(await store!.users.pendingDeactivations.list(tenantId)).toHaveLength(LEADS);

    // Newcomers, one per lead, assigned to the lead while its team moves away: each assignment
    // either wins (the lead keeps a report and stays pending) or loses to the completion (409).
    const newcomers = await Promise.all(
      teams.map((_, i) => admin.create(bases[i % PROCESSES]!, `newcomer${i}.mp@x.com`)),
    );
    const moves = teams.flatMap((team) =>
      team.reports.map((report, r) => admin.reassign(bases[r % PROCESSES]!, report, next)),
    );
    const joins = teams.map((team, i) => admin.reassign(bases[(i + 1) % PROCESSES]!, newcomers[i]!, team.id));
    const [moved, joined] = await Promise.all([Promise.all(moves), Promise.all(joins)]);
    expect(moved.map((res) => res.status)).toEqual(
      Array.from({ length: LEADS * REPORTS_PER_LEAD }, () => 200),
    );
    expect(joined.every((res) => res.status === 200 || res.status === 409)).toBe(true);
    expect((await store!.users.check(tenantId, { repair: false })).filter(isViolation)).toEqual([]);

    // Where the newcomer joined, the lead is still pending; moving them on finishes it too.
    for (const [i, team] of teams.entries()) {
      const doc = (await store!.users.byId(tenantId, team.id))!;
      if (joined[i]!.status === 200) {
        expect(doc.active).toBe(true);
        expect(doc.pendingDeactivation).toBeDefined();
        expect((await admin.reassign(bases[i % PROCESSES]!, newcomers[i]!, next)).status).toBe(200);
      } else {
        expect(doc.active).toBe(false);
      }
    }

    for (const team of teams) {
      const doc = (await store!.users.byId(tenantId, team.id))!;
      expect(doc.active).toBe(false);
      expect(doc.pendingDeactivation).toBeUndefined();
      const events = await store!.audit.list(tenantId, { userId: team.id, limit: 100 });
      const completions = events.filter((e) => e.action === 'deactivate' && e.outcome === 'applied');
      expect(completions).toHaveLength(1);
      expect(completions[0]).toMatchObject({ actor: 'okta', pendingDeactivation: { requestedBy: 'okta' } });
    }
    expect(await store!.users.pendingDeactivations.list(tenantId)).toEqual([]);
    expect((await store!.users.check(tenantId, { repair: false })).filter(isViolation)).toEqual([]);
  });
});
