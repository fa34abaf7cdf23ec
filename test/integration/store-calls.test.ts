import type { Express } from 'express';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { connectStore, type Store } from '../../src/store';
import { dropTestDatabase, silentLog, testStoreUri } from '../harness/store';
import { ENTERPRISE, newTenant, patchOp, scimClient, userBody } from '../harness/tenant';

/**
 * The store calls each SCIM request makes, as bench/README.md documents their minimum: counted
 * by mongoose's 'operation-start' event on the store's connection (every collection call). The
 * token and tenant caches hold within the test (its clock stands still), so the counts are of a
 * request after the first, as in steady traffic.
 */
describe('store calls per request', () => {
  const clock = Date.now();
  let store: Store;
  let app: Express;
  let scim: ReturnType<typeof scimClient>;
  let calls: string[] = [];
  let lead: { id: string };
  let report: { id: string; userName: string };

  beforeAll(async () => {
    store = await connectStore({
      uri: testStoreUri(),
      dbName: `roster_test_calls_${process.pid}`,
      log: silentLog,
      now: () => new Date(clock),
      testing: { onOperation: (op) => calls.push(`${op.collectionName}.${op.method}`) },
    });
    app = buildApp({ config: loadConfig({}), store, log: silentLog });
    const { token } = await newTenant(store);
    scim = scimClient(app, token);
    lead = (await scim.post('/Users', userBody('lena.lead@x.com'))).body;
    report = (
      await scim.post(
        '/Users',
        userBody('rui.report@x.com', { [ENTERPRISE]: { manager: { value: lead.id } } }),
      )
    ).body;
    // Warm the token and tenant caches.
    await scim.get(`/Users/${lead.id}`);
  });
  afterAll(async () => {
    await store.close();
    await dropTestDatabase(`roster_test_calls_${process.pid}`);
  });

  async function counted(send: () => Promise<{ status: number }>, status: number): Promise<string[]> {
    calls = [];
    const res = await send();
    expect(res.status).toBe(status);
    return calls.sort();
  }

  it('GET /Users/{id}: the user, its manager (manager.displayName), its memberships (groups)', async () => {
    expect(await counted(() => scim.get(`/Users/${report.id}`), 200)).toEqual([
      'group_members.find',
      'users.findOne',
      'users.findOne',
    ]);
  });

  it('GET /Users/{id} without groups in the answer reads no memberships', async () => {
    expect(await counted(() => scim.get(`/Users/${report.id}?excludedAttributes=groups`), 200)).toEqual([
      'users.findOne',
      'users.findOne',
    ]);
  });

  it('filter userName eq, hit: the key document, then as GET by id', async () => {
    const filter = encodeURIComponent(`userName eq "${report.userName}"`);
    expect(await counted(() => scim.get(`/Users?filter=${filter}`), 200)).toEqual([
      'group_members.find',
      'user_keys.findOne',
      'users.findOne',
      'users.findOne',
    ]);
  });

  it('filter userName eq, miss: the key document only', async () => {
    const filter = encodeURIComponent('userName eq "nobody@x.com"');
    expect(await counted(() => scim.get(`/Users?filter=${filter}`), 200)).toEqual(['user_keys.findOne']);
  });

  it("PATCH active of a report-less user: read, its manager, conditional write, the manager's ledger, audit, groups", async () => {
    for (const active of [false, true]) {
      const ops = await counted(
        () => scim.patch(`/Users/${report.id}`, patchOp({ op: 'replace', value: { active } })),
        200,
      );
      // On a store with atomic updates (MongoDB) the lane does not serialise writes, so a
      // deactivation reads the old manager again for a pending deactivation it may complete.
      const recheck = !active && store.capabilities.atomicUpdates ? ['users.findOne'] : [];
      expect(ops).toEqual(
        [
          'audit_events.insertOne',
          'group_members.find',
          'users.findOne',
          'users.findOne',
          'users.updateOne',
          'users.updateOne',
          ...recheck,
        ].sort(),
      );
    }
  });

  it('PUT with the manager unchanged: read, its manager, conditional write, groups (no audit row)', async () => {
    const body = userBody(report.userName, {
      title: 'Engineer',
      [ENTERPRISE]: { manager: { value: lead.id } },
    });
    expect(await counted(() => scim.put(`/Users/${report.id}`, body), 200)).toEqual([
      'group_members.find',
      'users.findOne',
      'users.findOne',
      'users.updateOne',
    ]);
  });

  it("POST under a manager: the manager, the userName key, the manager's ledger, the user, audit", async () => {
    const body = userBody('nia.new@x.com', { [ENTERPRISE]: { manager: { value: lead.id } } });
    expect(await counted(() => scim.post('/Users', body), 201)).toEqual([
      'audit_events.insertOne',
      'user_keys.insertOne',
      'users.findOne',
      'users.insertOne',
      'users.updateOne',
    ]);
  });
});
