import { randomUUID } from 'node:crypto';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { connectStore, type Store } from '../../src/store';
import { startTestApp, type TestApp } from '../harness/app';
import { dropTestDatabase, silentLog, testStoreUri } from '../harness/store';
import { arrangeTeam, snapshot, type Member, type Team } from './admin-support';

/**
 * The seed article's "Deactivate a Manager" page (docs/contract.md POST /api/v1/users/{id}/deactivate)
 * and "Reactivate a Profile" (POST /api/v1/users/{id}/reactivate).
 */
const TEAM: Member[] = [
  { userName: 'olga@x.com' },
  { userName: 'mia@x.com', lead: true },
  { userName: 'rob@x.com', manager: 'mia' },
  { userName: 'raj@x.com', manager: 'mia' },
  { userName: 'li@x.com', manager: 'mia' },
  { userName: 'sam@x.com', manager: 'li' },
  { userName: 'lead@x.com', lead: true },
  { userName: 'lead2@x.com', lead: true },
  { userName: 'gone@x.com', active: false },
];

describe('deactivate a manager', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function arrange(members: Member[] = TEAM): Promise<Team> {
    const team = await arrangeTeam(t.app, t.store, members);
    const owner = await team.admin.put('/account/owner', { userId: team.ids.olga });
    expect(owner.status).toBe(200);
    return team;
  }

  async function managerOf(team: Team, name: string): Promise<string | null> {
    return (await t.store.users.byId(team.tenantId, team.ids[name]!))?.managerId ?? null;
  }

  it('reassignAllTo: every active report moves to the new lead, then the manager is deactivated', async () => {
    const team = await arrange();
    const { ids, admin } = team;
    const res = await admin.post(`/users/${ids.mia}/deactivate`, { reassignAllTo: ids.lead });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: ids.mia, userName: 'mia@x.com', active: false });
    expect(res.body.moves).toEqual(
      ['rob', 'raj', 'li'].map((name) => ({
        reportId: ids[name],
        reportUserName: `${name}@x.com`,
        newManagerId: ids.lead,
        newManagerUserName: 'lead@x.com',
      })),
    );
    for (const name of ['rob', 'raj', 'li']) expect(await managerOf(team, name)).toBe(ids.lead);
    expect(await managerOf(team, 'sam')).toBe(ids.li);
    expect(await t.store.users.check(team.tenantId, { repair: false })).toEqual([]);

    const audit = (await admin.get(`/audit?userId=${ids.rob}`)).body.events;
    expect(audit[0]).toMatchObject({ action: 'manager-change', outcome: 'applied', channel: 'admin' });
    const mia = (await admin.get(`/audit?userId=${ids.mia}`)).body.events;
    expect(mia[0]).toMatchObject({
      action: 'deactivate',
      outcome: 'applied',
      channel: 'admin',
      actor: 'test-idp',
    });
  });

  it('reassign: reports dispersed across new leads', async () => {
    const team = await arrange();
    const { ids, admin } = team;
    const res = await admin.post(`/users/${ids.mia}/deactivate`, {
      reassign: { [ids.rob!]: ids.lead, [ids.raj!]: ids.lead2, [ids.li!]: ids.lead },
    });
    expect(res.status).toBe(200);
    expect(
      res.body.moves.map((m: { reportUserName: string; newManagerUserName: string }) => [
        m.reportUserName,
        m.newManagerUserName,
      ]),
    ).toEqual([
      ['rob@x.com', 'lead@x.com'],
      ['raj@x.com', 'lead2@x.com'],
      ['li@x.com', 'lead@x.com'],
    ]);
    expect(await managerOf(team, 'raj')).toBe(ids.lead2);
    expect((await t.store.users.byId(team.tenantId, ids.mia!))?.active).toBe(false);
  });

  it('no body: a manager without active reports is deactivated; a repeat answers the same, changing nothing', async () => {
    const team = await arrange();
    const { ids, admin } = team;
    const first = await admin.post(`/users/${ids.sam}/deactivate`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ user: { active: false }, moves: [] });
    const before = await snapshot(t.store, team.tenantId, ids);
    const again = await admin.post(`/users/${ids.sam}/deactivate`, {});
    expect(again.status).toBe(200);
    expect(again.body.user.active).toBe(false);
    expect(await snapshot(t.store, team.tenantId, ids)).toEqual(before);
  });

  describe('refused with nothing changed', () => {
    interface RefusalCase {
      name: string;
      body: (ids: Record<string, string>) => unknown;
      owner?: string;
      members?: Member[];
      status: number;
      kind: string;
      mentions: string[];
    }
    const withIncompleteMia: Member[] = TEAM.map((m) =>
      m.userName === 'mia@x.com' ? { ...m, extra: { name: { givenName: 'Mia' } } } : m,
    );

    it.each<RefusalCase>([
      {
        name: 'no body while the manager has active reports → 409 has-active-reports naming them',
        body: () => ({}),
        status: 409,
        kind: 'has-active-reports',
        mentions: ['rob@x.com', 'raj@x.com', 'li@x.com'],
      },
      {
        name: 'a report left out of the map → 409 has-active-reports naming them',
        body: (ids) => ({ reassign: { [ids.rob!]: ids.lead, [ids.raj!]: ids.lead2 } }),
        status: 409,
        kind: 'has-active-reports',
        mentions: ['li@x.com', 'no new manager'],
      },
      {
        name: 'the new lead is deactivated → 409 inactive-manager',
        body: (ids) => ({ reassignAllTo: ids.gone }),
        status: 409,
        kind: 'inactive-manager',
        mentions: ['gone@x.com', 'deactivated'],
      },
      {
        name: 'the new lead is one of the reports being moved → 409 inactive-manager',
        body: (ids) => ({ reassign: { [ids.rob!]: ids.raj, [ids.raj!]: ids.lead, [ids.li!]: ids.lead } }),
        status: 409,
        kind: 'inactive-manager',
        mentions: ['raj@x.com', 'one of the reports being reassigned'],
      },
      {
        name: 'the manager is the primary owner → 409 owner-protected, before any move',
        owner: 'mia',
        body: (ids) => ({ reassignAllTo: ids.lead }),
        status: 409,
        kind: 'owner-protected',
        mentions: ['primary account owner'],
      },
      {
        name: "the manager's profile is incomplete (I3) → 400 incomplete-profile naming the attribute",
        members: withIncompleteMia,
        body: (ids) => ({ reassignAllTo: ids.lead }),
        status: 400,
        kind: 'incomplete-profile',
        mentions: ['name.familyName'],
      },
      {
        name: 'a later move would close a cycle (li under her own report) → 400 invalid-manager; earlier moves not made',
        body: (ids) => ({ reassign: { [ids.rob!]: ids.lead, [ids.raj!]: ids.lead, [ids.li!]: ids.sam } }),
        status: 400,
        kind: 'invalid-manager',
        mentions: ['sam@x.com', 'cycle'],
      },
      {
        name: 'the new lead does not exist → 400 invalid-manager',
        body: () => ({ reassignAllTo: randomUUID() }),
        status: 400,
        kind: 'invalid-manager',
        mentions: ['not a user of this account'],
      },
    ])('$name', async ({ body, members, owner, status, kind, mentions }) => {
      const team = await arrange(members);
      const { ids, admin } = team;
      if (owner) expect((await admin.put('/account/owner', { userId: ids[owner] })).status).toBe(200);
      const before = await snapshot(t.store, team.tenantId, ids);

      const res = await admin.post(`/users/${ids.mia}/deactivate`, body(ids));
      expect(res.status).toBe(status);
      expect(res.body.error.kind).toBe(kind);
      for (const text of mentions) expect(res.body.error.message).toContain(text);

      expect(await snapshot(t.store, team.tenantId, ids)).toEqual(before);
      const audit = (await admin.get(`/audit?userId=${ids.mia}`)).body.events;
      expect(audit[0]).toMatchObject({ action: 'deactivate', outcome: 'refused', channel: 'admin', kind });
    });
  });

  it('bad bodies → 400 before anything is read', async () => {
    const { ids, admin } = await arrange();
    const cases = [
      { reassignAllTo: ids.lead, reassign: {} },
      { reassignAllTo: 'lead@x.com' },
      { reassign: [ids.lead] },
      { reassign: { [ids.rob!]: 42 } },
      { everyone: ids.lead },
    ];
    for (const body of cases) {
      const res = await admin.post(`/users/${ids.mia}/deactivate`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.kind).toBe('invalid-value');
    }
    expect((await admin.post(`/users/${randomUUID()}/deactivate`, {})).status).toBe(404);
  });
});

describe('reactivate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('a user whose manager is deactivated → 409 naming the manager; after the manager returns → 200', async () => {
    const { ids, admin, tenantId } = await arrangeTeam(t.app, t.store, [
      { userName: 'mia@x.com', active: false },
      { userName: 'rob@x.com', manager: 'mia', active: false },
    ]);
    const refused = await admin.post(`/users/${ids.rob}/reactivate`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      kind: 'inactive-manager',
      manager: { userName: 'mia@x.com' },
    });
    expect(refused.body.error.message).toContain('"mia@x.com" is deactivated');
    expect((await t.store.users.byId(tenantId, ids.rob!))?.active).toBe(false);

    expect((await admin.post(`/users/${ids.mia}/reactivate`)).status).toBe(200);
    const res = await admin.post(`/users/${ids.rob}/reactivate`, {});
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ active: true, managerUserName: 'mia@x.com', missingFields: [] });
    const audit = (await admin.get(`/audit?userId=${ids.rob}`)).body.events;
    expect(
      audit
        .map((e: { action: string; outcome: string; channel: string }) => [e.action, e.outcome, e.channel])
        .slice(0, 2),
    ).toEqual([
      ['reactivate', 'applied', 'admin'],
      ['reactivate', 'refused', 'admin'],
    ]);
  });

  it('an incomplete profile → 400 naming what is missing; filling it in the same PATCH reactivates', async () => {
    const { ids, admin, tenantId } = await arrangeTeam(t.app, t.store, [
      // Created deactivated: I3 would refuse deactivating an incomplete profile.
      { userName: 'zoe@x.com', extra: { name: { givenName: 'Zoë' }, emails: undefined, active: false } },
    ]);
    const refused = await admin.post(`/users/${ids.zoe}/reactivate`);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      kind: 'incomplete-profile',
      missing: ['name.familyName', 'emails'],
    });
    expect((await admin.get(`/users/${ids.zoe}`)).body.user.missingFields).toEqual([
      'name.familyName',
      'emails',
    ]);
    expect((await t.store.users.byId(tenantId, ids.zoe!))?.active).toBe(false);

    const filled = await admin.patch(`/users/${ids.zoe}`, {
      familyName: 'Ng',
      email: 'zoe@x.com',
      active: true,
    });
    expect(filled.status).toBe(200);
    expect(filled.body.user).toMatchObject({
      active: true,
      familyName: 'Ng',
      email: 'zoe@x.com',
      missingFields: [],
    });
  });
});

/**
 * A request that dies between two moves (docs/domain.md: each move is an ordinary guarded write):
 * what was done is a valid state, and repeating the request converges on the end state.
 */
describe('deactivate a manager: a crash between moves, then a retry', () => {
  let store: Store;
  let crashOnLedgerAdd = 0;
  let ledgerAdds = 0;
  const dbName = `roster_test_admin_crash_${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    store = await connectStore({
      uri: testStoreUri(),
      dbName,
      log: silentLog,
      testing: {
        faults: {
          afterLedgerAdd: () => {
            ledgerAdds += 1;
            if (ledgerAdds === crashOnLedgerAdd) throw new Error('simulated crash between two moves');
          },
        },
      },
    });
  });
  afterAll(async () => {
    await dropTestDatabase(dbName);
    await store.close();
  });

  it('the second move dies: the first stays done, the repeat moves the rest and deactivates', async () => {
    const app = buildApp({ config: loadConfig({}), store, log: silentLog });
    const team = await arrangeTeam(app, store, TEAM);
    const { ids, admin, tenantId } = team;
    const body = { reassign: { [ids.rob!]: ids.lead, [ids.raj!]: ids.lead2, [ids.li!]: ids.lead } };

    ledgerAdds = 0;
    crashOnLedgerAdd = 2;
    const died = await admin.post(`/users/${ids.mia}/deactivate`, body);
    crashOnLedgerAdd = 0;
    expect(died.status).toBe(500);
    const manager = async (name: string) => (await store.users.byId(tenantId, ids[name]!))?.managerId;
    expect(await manager('rob')).toBe(ids.lead);
    expect(await manager('raj')).toBe(ids.mia);
    expect((await store.users.byId(tenantId, ids.mia!))?.active).toBe(true);
    const violations = (await store.users.check(tenantId, { repair: false })).filter((f) =>
      f.kind.startsWith('I'),
    );
    expect(violations).toEqual([]);

    const retried = await admin.post(`/users/${ids.mia}/deactivate`, body);
    expect(retried.status).toBe(200);
    expect(retried.body.moves.map((m: { reportUserName: string }) => m.reportUserName)).toEqual([
      'raj@x.com',
      'li@x.com',
    ]);
    expect(await manager('rob')).toBe(ids.lead);
    expect(await manager('raj')).toBe(ids.lead2);
    expect(await manager('li')).toBe(ids.lead);
    expect((await store.users.byId(tenantId, ids.mia!))?.active).toBe(false);
    expect(await store.users.check(tenantId, { repair: false })).toEqual([]);
  });
});
