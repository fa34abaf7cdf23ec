import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { connectStore, type Store } from '../../src/store';
import { cli, withDatabase } from '../harness/cli';
import { dropTestDatabase, silentLog, testStoreUri } from '../harness/store';
import { expectStatus, fixture, scimClient, TEST_OPERATOR } from '../harness/tenant';
import { adminClient, arrangeTeam } from './admin-support';

/**
 * The process dies after the write that moved a pending lead's last report and before Roster
 * carried out the lead's pending deactivation (docs/contract.md "Pending deactivations"). Nothing is
 * broken — the lead is simply still active — `roster check` reports it, and `--repair`
 * completes it through the guard, naming the original request.
 */
describe('a pending deactivation whose completion died with the process', () => {
  const dbName = `roster_test_pcrash_${process.pid}`;
  let store: Store;
  let crash = false;
  beforeAll(async () => {
    store = await connectStore({
      uri: testStoreUri(),
      dbName,
      log: silentLog,
      testing: {
        faults: {
          beforePendingCompletion: () => {
            if (crash) throw new Error('simulated crash before the pending completion');
          },
        },
      },
    });
  });
  afterAll(async () => {
    await dropTestDatabase(dbName);
    await store.close();
  });

  it('is reported by `roster check` and completed by `roster check --repair`', async () => {
    const app = buildApp({ config: loadConfig({}), store, log: silentLog });
    const team = await arrangeTeam(app, store, [
      { userName: 'mia.lead@x.com', lead: true },
      { userName: 'rob.one@x.com', manager: 'mia.lead' },
      { userName: 'kai.next@x.com', lead: true },
    ]);
    const tenant = (await store.tenants.byId(team.tenantId))!;
    const okta = await store.tokens.issue(team.tenantId, 'okta', ['scim:read', 'scim:write'], TEST_OPERATOR);
    const lead = team.ids['mia.lead']!;
    const refused = await scimClient(app, okta.secret).patch(
      `/Users/${lead}`,
      fixture('okta/deactivate-user.json'),
    );
    expect(refused.status).toBe(409);

    crash = true;
    const died = await adminClient(app, team.token).patch(`/users/${team.ids['rob.one']}`, {
      managerId: team.ids['kai.next'],
    });
    crash = false;
    expect(died.status).toBe(500);
    // The move happened; the completion did not.
    expect((await store.users.byId(team.tenantId, team.ids['rob.one']!))!.managerId).toBe(
      team.ids['kai.next'],
    );
    expect((await store.users.byId(team.tenantId, lead))!.active).toBe(true);

    const env = { MONGODB_URI: withDatabase(testStoreUri(), dbName) };
    const reported = await cli(env, ['check', '--tenant', tenant.name, '--json']);
    expect(reported.code).toBe(1);
    expect(reported.lines[0]).toMatchObject({
      violations: 0,
      findings: [{ kind: 'pending-unblocked', userId: lead, action: 'deactivate', repaired: false }],
    });
    expect((await store.users.byId(team.tenantId, lead))!.active).toBe(true);

    const repaired = await cli(env, ['check', '--tenant', tenant.name, '--repair', '--json']);
    expect(repaired.code).toBe(0);
    expect(repaired.lines[0]).toMatchObject({
      findings: [{ kind: 'pending-unblocked', userId: lead, repaired: true }],
    });
    expect((await store.users.byId(team.tenantId, lead))!.active).toBe(false);
    const audit = await team.admin.get(`/audit?userId=${lead}`);
    expectStatus(audit, 200);
    expect(audit.body.events[0]).toMatchObject({
      action: 'deactivate',
      outcome: 'applied',
      actor: 'okta',
      pendingDeactivation: { requestedBy: 'okta', unblockedBy: { actor: 'roster check', action: 'repair' } },
    });
    const clean = await cli(env, ['check', '--tenant', tenant.name, '--json']);
    expect(clean.code).toBe(0);
    expect(clean.lines[0]).toMatchObject({ findings: [] });
  });
});
