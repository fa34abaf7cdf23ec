import { randomUUID } from 'node:crypto';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { connectStore, type Store } from '../../src/store';
import { cli, withDatabase } from '../harness/cli';
import { dropTestDatabase, rawDatabase, silentLog, testStoreUri } from '../harness/store';
import { scimClient, userBody, ENTERPRISE, ROSTER } from '../harness/tenant';

/** The operator's account commands: owner transfer, the I3 policy, and the consistency check. */
describe('roster owner set / policy set / check', () => {
  const dbName = `cli_acct_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const env = { MONGODB_URI: withDatabase(testStoreUri(), dbName) };
  let store: Store;

  beforeAll(async () => {
    store = await connectStore({ uri: testStoreUri(), dbName, log: silentLog });
  });
  afterAll(async () => {
    await dropTestDatabase(dbName);
    await store.close();
  });

  it('owner set by userName, policy set, and check clean then reporting an I1 violation', async () => {
    const created = await cli(env, ['tenant', 'create', 'globex', '--json']);
    const { token, tenantId } = created.lines[0] as { token: string; tenantId: string };
    const scim = scimClient(buildApp({ config: loadConfig({}), store, log: silentLog }), token);
    const boss = (await scim.post('/Users', userBody('boss.one@x.com'))).body;
    const report = (
      await scim.post('/Users', userBody('rae.two@x.com', { [ENTERPRISE]: { manager: boss.id } }))
    ).body;

    const owner = await cli(env, ['owner', 'set', '--tenant', 'globex', 'BOSS.ONE@x.com']);
    expect(owner.code).toBe(0);
    expect((await scim.get(`/Users/${boss.id}`)).body[ROSTER].primaryOwner).toBe(true);

    const policy = await cli(env, [
      'policy',
      'set',
      '--tenant',
      'globex',
      '--required-fields',
      'name.givenName,title',
    ]);
    expect(policy.code).toBe(0);
    expect((await store.tenants.byId(tenantId))?.policy.requiredFields).toEqual(['name.givenName', 'title']);
    const badPolicy = await cli(env, [
      'policy',
      'set',
      '--tenant',
      'globex',
      '--required-fields',
      'shoeSize',
    ]);
    expect(badPolicy.code).toBe(1);
    expect(badPolicy.stderr.join('\n')).toContain('"shoeSize" is not a User attribute');

    const clean = await cli(env, ['check', '--tenant', 'globex']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('no violation');

    // Break I1 and I2 behind the guard's back (the boss is also the owner), as a bad restore or manual edit would.
    const raw = await rawDatabase(dbName);
    await raw.collection('users').updateOne({ _id: boss.id }, { $set: { active: false } });
    await raw.close();
    const broken = await cli(env, ['check', '--tenant', 'globex', '--json']);
    expect(broken.code).toBe(1);
    expect(broken.lines[0]).toMatchObject({
      violations: 2,
      findings: [
        { kind: 'I1-inactive-manager', userId: report.id, managerId: boss.id },
        { kind: 'I2-owner-inactive', ownerId: boss.id },
      ],
    });
  });
});
