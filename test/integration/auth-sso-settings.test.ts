import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { connectStore, type Store } from '../../src/store';
import { startTestApp, type TestApp } from '../harness/app';
import { cli, withDatabase } from '../harness/cli';
import { dropTestDatabase, silentLog, testStoreUri } from '../harness/store';
import { newTenant, scimClient, userBody } from '../harness/tenant';
import { adminClient } from './admin-support';

const SECRET = 'sso-client-secret-never-shown-9f2c';
const SETTINGS = {
  issuer: 'https://acme.okta.example/oauth2/default',
  clientId: '0oa-roster',
  clientSecret: SECRET,
};

/** An account's sign-in settings and the public base URL (contract.md, v2 additions). */
describe('GET|PUT|DELETE /api/v1/account/sso', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('PUT stores the settings; GET and PUT never return the secret; DELETE clears them', async () => {
    const admin = adminClient(t.app, (await newTenant(t.store)).token);
    expect((await admin.get('/account/sso')).status).toBe(404);
    const put = await admin.put('/account/sso', SETTINGS);
    expect(put.status).toBe(200);
    expect(put.body.sso).toEqual({
      issuer: SETTINGS.issuer,
      clientId: '0oa-roster',
      clientSecretSet: true,
      emailClaim: 'email',
      updated: expect.any(String),
    });
    const got = await admin.get('/account/sso');
    expect(got.status).toBe(200);
    expect(JSON.stringify(got.body)).not.toContain(SECRET);
    expect(JSON.stringify(put.body)).not.toContain(SECRET);
    expect((await admin.put('/account/sso', { ...SETTINGS, emailClaim: 'upn' })).body.sso.emailClaim).toBe(
      'upn',
    );
    expect((await admin.delete('/account/sso')).status).toBe(204);
    expect((await admin.get('/account/sso')).status).toBe(404);
    expect((await admin.delete('/account/sso')).status).toBe(404);
  });

  it('each change is audited with its actor, the IdP and the client, never the secret', async () => {
    const admin = adminClient(t.app, (await newTenant(t.store)).token);
    await admin.put('/account/sso', SETTINGS);
    await admin.delete('/account/sso');
    await admin.delete('/account/sso'); // clears nothing: no row
    const audit = await admin.get('/audit');
    expect(audit.status).toBe(200);
    const rows = audit.body.events.filter((e: { action: string }) => e.action.startsWith('sso-'));
    expect(rows).toEqual([
      expect.objectContaining({ action: 'sso-clear', actor: 'test-idp', outcome: 'applied', sso: null }),
      expect.objectContaining({
        action: 'sso-set',
        actor: 'test-idp',
        outcome: 'applied',
        sso: { issuer: SETTINGS.issuer, clientId: SETTINGS.clientId },
      }),
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(SECRET);
  });

  it.each([
    [{ ...SETTINGS, issuer: 'http://idp.example.com' }, 'issuer must be'],
    [{ ...SETTINGS, issuer: 'not a url' }, 'issuer must be'],
    [{ ...SETTINGS, clientSecret: '' }, 'clientSecret must be'],
    [{ issuer: SETTINGS.issuer, clientId: 'x' }, 'clientSecret must be'],
    [{ ...SETTINGS, emailClaim: '$where' }, 'emailClaim must be a claim name'],
    [{ ...SETTINGS, extra: 1 }, 'Unknown field "extra"'],
  ])('bad settings are 400 invalid-value, saying what to fix (%#)', async (body, detail) => {
    const admin = adminClient(t.app, (await newTenant(t.store)).token);
    const res = await admin.put('/account/sso', body);
    expect(res.status).toBe(400);
    expect(res.body.error.kind).toBe('invalid-value');
    expect(res.body.error.message).toContain(detail);
    expect((await admin.get('/account/sso')).status).toBe(404);
  });

  it('needs scope admin; one account never sees another account’s settings', async () => {
    const a = adminClient(t.app, (await newTenant(t.store)).token);
    await a.put('/account/sso', SETTINGS);
    const b = adminClient(t.app, (await newTenant(t.store)).token);
    expect((await b.get('/account/sso')).status).toBe(404);
    const reader = (await newTenant(t.store, ['scim:read'])).token;
    expect(
      (await request(t.app).get('/api/v1/account/sso').set('Authorization', `Bearer ${reader}`)).status,
    ).toBe(403);
    expect((await request(t.app).get('/api/v1/account/sso')).status).toBe(401);
  });
});

describe('ROSTER_PUBLIC_URL', () => {
  it('meta.location and $ref come from it; the Host header is never reflected', async () => {
    const t = await startTestApp({ ROSTER_PUBLIC_URL: 'https://roster.example.com/' });
    try {
      const scim = scimClient(t.app, (await newTenant(t.store)).token);
      const boss = await scim.post('/Users', userBody('boss@x.com'), { Host: 'evil.example' });
      expect(boss.body.meta.location).toBe(`https://roster.example.com/scim/v2/Users/${boss.body.id}`);
      const report = await scim.post(
        '/Users',
        userBody('rae@x.com', {
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: { value: boss.body.id } },
        }),
        { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' },
      );
      expect(report.headers.location).toBe(`https://roster.example.com/scim/v2/Users/${report.body.id}`);
      expect(report.body['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'].manager.$ref).toBe(
        `https://roster.example.com/scim/v2/Users/${boss.body.id}`,
      );
      const config = await scim.get('/ServiceProviderConfig', { Host: 'evil.example' });
      expect(config.body.meta.location).toBe('https://roster.example.com/scim/v2/ServiceProviderConfig');
    } finally {
      await t.close();
    }
  });

  it('unset, URLs follow the request (development)', async () => {
    const t = await startTestApp();
    try {
      const scim = scimClient(t.app, (await newTenant(t.store)).token);
      const res = await scim.post('/Users', userBody('dev@x.com'), { Host: 'localhost:9999' });
      expect(res.body.meta.location).toBe(`http://localhost:9999/scim/v2/Users/${res.body.id}`);
    } finally {
      await t.close();
    }
  });
});

describe('roster sso set|show|clear', () => {
  const dbName = `cli_sso_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const env = { MONGODB_URI: withDatabase(testStoreUri(), dbName) };
  let store: Store;
  beforeAll(async () => {
    store = await connectStore({ uri: testStoreUri(), dbName, log: silentLog });
  });
  afterAll(async () => {
    await store.close();
    await dropTestDatabase(dbName);
  });

  it('set from a file or an env variable, show without the secret, clear; the secret never printed', async () => {
    await cli(env, ['tenant', 'create', 'initech', '--json']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-sso-'));
    const file = path.join(dir, 'secret');
    fs.writeFileSync(file, `${SECRET}\n`);
    const base = ['sso', 'set', '--tenant', 'initech', '--issuer', SETTINGS.issuer, '--client-id', 'cid'];
    const set = await cli(env, [...base, '--client-secret-file', file, '--json']);
    expect(set.code).toBe(0);
    expect(set.lines[0]).toMatchObject({
      tenant: 'initech',
      sso: { clientId: 'cid', clientSecretSet: true },
    });
    const tenant = (await store.tenants.byName('initech'))!;
    expect((await store.sso.forSignIn(tenant._id))?.clientSecret).toBe(SECRET);

    const fromEnv = await cli({ ...env, IDP_SECRET: `${SECRET}-2` }, [
      ...base,
      '--client-secret-env',
      'IDP_SECRET',
      '--email-claim',
      'upn',
    ]);
    expect(fromEnv.code).toBe(0);
    expect(await store.sso.forSignIn(tenant._id)).toMatchObject({
      clientSecret: `${SECRET}-2`,
      emailClaim: 'upn',
    });

    const show = await cli(env, ['sso', 'show', '--tenant', 'initech']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('never shown');
    const showJson = await cli(env, ['sso', 'show', '--tenant', 'initech', '--json']);
    expect(showJson.lines[0]).toMatchObject({ sso: { issuer: SETTINGS.issuer, emailClaim: 'upn' } });
    for (const run of [set, fromEnv, show, showJson]) {
      expect(run.stdout + run.stderr.join('\n')).not.toContain(SECRET);
    }

    const clear = await cli(env, ['sso', 'clear', '--tenant', 'initech', '--json']);
    expect(clear.lines[0]).toEqual({ tenant: 'initech', cleared: true });
    expect(await store.sso.show(tenant._id)).toBeNull();
    // The CLI audits like the API, as the operator.
    const rows = await store.audit.list(tenant._id, { limit: 10 });
    expect(rows.filter((r) => r.action.startsWith('sso-')).map((r) => [r.action, r.actor])).toEqual([
      ['sso-clear', 'operator-cli'],
      ['sso-set', 'operator-cli'],
      ['sso-set', 'operator-cli'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(SECRET);
  });

  it('usage errors: no secret source, both, or an unset variable (exit 2)', async () => {
    const base = ['sso', 'set', '--tenant', 'x', '--issuer', SETTINGS.issuer, '--client-id', 'cid'];
    const none = await cli(env, base);
    expect(none.code).toBe(2);
    expect(none.stderr.join('\n')).toContain(
      'exactly one of --client-secret-file F or --client-secret-env VAR',
    );
    const unset = await cli(env, [...base, '--client-secret-env', 'NOT_SET_ANYWHERE']);
    expect(unset.code).toBe(2);
    expect(unset.stderr.join('\n')).toContain('NOT_SET_ANYWHERE is not set');
  });
});
