import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { connectStore, LEDGER_LEASE_MS, type Store } from '../../src/store';
import { dropTestDatabase, manualClock, silentLog, testStoreUri } from '../harness/store';
import { newTenant, scimClient, userBody, ENTERPRISE, PATCH_OP } from '../harness/tenant';

/**
 * A write killed between its two steps (docs/domain.md): the ledger entry on the new manager is
 * written, then the process "dies" before the report's own document. The leftover may only
 * refuse (the manager can't be deactivated while it stands), and once the lease is over the
 * reconciler removes it and the deactivation goes through. The store's clock is the test's: the
 * lease passes when the test moves it, never by waiting.
 */
describe('a write that dies half way', () => {
  const dbName = `roster_test_crash_${process.pid}`;
  const clock = manualClock();
  let store: Store;
  let crash = false;
  beforeAll(async () => {
    store = await connectStore({
      uri: testStoreUri(),
      dbName,
      log: silentLog,
      now: clock.now,
      testing: {
        faults: {
          afterLedgerAdd: () => {
            if (crash) throw new Error('simulated crash after the ledger write');
          },
        },
      },
    });
  });
  afterAll(async () => {
    await dropTestDatabase(dbName);
    await store.close();
  });

  it('leaves an entry that only refuses, and the reconciler repairs it after the lease', async () => {
    const app = buildApp({ config: loadConfig({}), store, log: silentLog });
    const { tenantId, token } = await newTenant(store);
    const scim = scimClient(app, token);
    const manager = (await scim.post('/Users', userBody('mia.manager@x.com'))).body;
    const report = (await scim.post('/Users', userBody('rob.report@x.com'))).body;

    crash = true;
    const died = await scim.patch(`/Users/${report.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: `${ENTERPRISE}:manager`, value: manager.id }],
    });
    crash = false;
    expect(died.status).toBe(500);
    expect((await scim.get(`/Users/${report.id}`)).body[ENTERPRISE]).toBeUndefined();

    // Within the lease the leftover refuses, naming the would-be report, and the check reports it.
    const refused = await scim.patch(`/Users/${manager.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('rob.report@x.com');
    const findings = await store.users.check(tenantId, { repair: false });
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'stale-ledger-entry', reportId: report.id, repaired: false }),
    ]);

    // Just short of the lease the entry still stands; just past it, the reconciler may remove it.
    clock.advance(LEDGER_LEASE_MS);
    expect(await store.users.check(tenantId, { repair: true })).toEqual([
      expect.objectContaining({ kind: 'stale-ledger-entry', repaired: false }),
    ]);
    clock.advance(1);
    // The refused SCIM deactivation was kept as pending (docs/contract.md "Pending deactivations"):
    // once the repair drops the leftover nothing blocks it, and the same repair carries it out.
    const repaired = await store.users.check(tenantId, { repair: true });
    expect(repaired).toEqual([
      expect.objectContaining({ kind: 'stale-ledger-entry', repaired: true }),
      expect.objectContaining({ kind: 'pending-unblocked', userId: manager.id, repaired: true }),
    ]);
    expect(await store.users.check(tenantId, { repair: false })).toEqual([]);
    expect((await scim.get(`/Users/${manager.id}`)).body.active).toBe(false);

    const repeated = await scim.patch(`/Users/${manager.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(repeated.status).toBe(200);
    expect(repeated.body.active).toBe(false);
  });
});
