import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Actor } from '../../src/domain';
import { connectStore, type Store } from '../../src/store';
import { dropTestDatabase, silentLog, testStoreUri } from '../harness/store';
import { newTenant, scimClient, userBody } from '../harness/tenant';

/**
 * Issue 15: one tenant flooding the server with listings (each reads many documents) must not
 * starve another tenant's reads by id: a tenant's listings take turns (ListingLane, a few at a
 * time per process), and those that waited past the request timeout are dropped unrun.
 */
describe('a flood of one tenant’s listings', () => {
  const TIMEOUT_MS = 5000;
  let store: Store;
  beforeAll(async () => {
    store = await connectStore({
      uri: testStoreUri(),
      dbName: `roster_test_flood_${process.pid}`,
      log: silentLog,
      abandonAfterMs: TIMEOUT_MS,
    });
  });
  afterAll(async () => {
    await store.close();
    await dropTestDatabase(`roster_test_flood_${process.pid}`);
  });

  it("leaves another tenant's GET /Users/{id} answering 2xx", async () => {
    const app = buildApp({
      config: loadConfig({ ROSTER_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) }),
      store,
      log: silentLog,
    });
    const big = await newTenant(store, ['scim:read']);
    const actor: Actor = { channel: 'scim', tokenName: 'seed' };
    for (let i = 0; i < 150; i += 1) {
      await store.users.create(
        big.tenantId,
        { userName: `u${i}@big.example`, active: true, canManageTeam: false, title: `T${i % 7}` },
        actor,
      );
    }
    const small = await newTenant(store);
    const scim = scimClient(app, small.token);
    const user = (await scim.post('/Users', userBody('sam.small@x.com'))).body as { id: string };

    const filter = encodeURIComponent('title co "T"');
    const flood = Array.from({ length: 16 }, () =>
      request(app)
        .get(`/scim/v2/Users?filter=${filter}&count=100`)
        .set('Authorization', `Bearer ${big.token}`),
    );
    const floodDone = Promise.all(flood.map((r) => r.then((res) => res.status)));
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await scim.get(`/Users/${user.id}`)).status);
    const floodStatuses = await floodDone;

    expect(statuses).toEqual(Array(10).fill(200));
    // The flood itself is answered (a page, or a 503 to retry), never an error of another kind.
    for (const status of floodStatuses) expect([200, 503]).toContain(status);
  });
});
