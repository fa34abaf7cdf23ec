import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { connectStore } from '../../src/store';
import { TOKEN_CACHE_MS } from '../../src/store/tokens/token-store';
import { startTestApp, type TestApp } from '../harness/app';
import { silentLog, testStoreUri } from '../harness/store';
import { newTenant, TEST_OPERATOR } from '../harness/tenant';
import { adminClient } from './admin-support';

/** docs/contract.md: POST/GET/DELETE /api/v1/tokens. */
describe('admin tokens API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const scimUsers = (app: TestApp['app'], secret: string) =>
    request(app).get('/scim/v2/Users').set('Authorization', `Bearer ${secret}`);

  it('create shows the secret once; the list never does; the token works with its scopes only', async () => {
    const { token } = await newTenant(t.store);
    const admin = adminClient(t.app, token);
    const created = await admin.post('/tokens', { name: 'okta', scopes: ['scim:read', 'scim:write'] });
    expect(created.status).toBe(201);
    const { secret, token: info } = created.body as { secret: string; token: Record<string, unknown> };
    expect(secret).toMatch(/^rst_[A-Za-z0-9_-]{40,}$/);
    expect(info).toEqual({
      id: expect.any(String),
      name: 'okta',
      scopes: ['scim:read', 'scim:write'],
      created: expect.any(String),
    });

    const list = await admin.get('/tokens');
    expect(list.status).toBe(200);
    expect(list.body.tokens.map((x: { name: string }) => x.name)).toEqual(['test-idp', 'okta']);
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain('secret');

    expect((await scimUsers(t.app, secret)).status).toBe(200);
    expect((await adminClient(t.app, secret).get('/tokens')).status).toBe(403);
  });

  it('revoke: the token fails at once here, and on another process within TOKEN_CACHE_MS', async () => {
    const { token } = await newTenant(t.store);
    const admin = adminClient(t.app, token);
    // The other process's clock is the test's: its token cache expires when the test says.
    let now = Date.now();
    const other = await connectStore({
      uri: testStoreUri(),
      dbName: t.store.raw.name,
      log: silentLog,
      now: () => new Date(now),
    });
    try {
      const otherApp = buildApp({ config: loadConfig({}), store: other, log: silentLog });
      // Unknown secrets are never cached: a token issued elsewhere works at once.
      const early = 'rst_not-issued-yet';
      expect((await scimUsers(otherApp, early)).status).toBe(401);
      const { secret, token: info } = (await admin.post('/tokens', { name: 'entra', scopes: ['scim:read'] }))
        .body;
      expect((await scimUsers(otherApp, secret)).status).toBe(200);
      expect((await scimUsers(t.app, secret)).status).toBe(200);

      expect((await admin.delete(`/tokens/${info.id}`)).status).toBe(204);
      const here = await scimUsers(t.app, secret);
      expect(here.status).toBe(401);
      expect(here.headers['www-authenticate']).toMatch(/^Bearer/);
      // The other process trusts its copy for less than the bound, and not a moment longer.
      now += TOKEN_CACHE_MS - 1;
      expect((await scimUsers(otherApp, secret)).status).toBe(200);
      now += 1;
      expect((await scimUsers(otherApp, secret)).status).toBe(401);
      // A clock stepping back does not stretch the bound either.
      now -= 10 * TOKEN_CACHE_MS;
      expect((await scimUsers(otherApp, secret)).status).toBe(401);

      expect((await admin.delete(`/tokens/${info.id}`)).status).toBe(404);
    } finally {
      await other.close();
    }
    expect((await admin.get('/tokens')).body.tokens.map((x: { name: string }) => x.name)).toEqual([
      'test-idp',
    ]);
  });

  it('revoking through the store in this process drops its cached copy at once', async () => {
    const { tenantId, token } = await newTenant(t.store);
    const { secret, id } = await t.store.tokens.issue(tenantId, 'okta', ['scim:read'], TEST_OPERATOR);
    expect((await scimUsers(t.app, secret)).status).toBe(200);
    expect(await t.store.tokens.revoke(tenantId, id, TEST_OPERATOR)).toBe(true);
    expect((await scimUsers(t.app, secret)).status).toBe(401);
    expect((await scimUsers(t.app, token)).status).toBe(200);
  });

  it('issuing and revoking a token show in the audit trail, with the actor and never the secret', async () => {
    const { token } = await newTenant(t.store);
    const admin = adminClient(t.app, token);
    const { secret, token: info } = (await admin.post('/tokens', { name: 'okta', scopes: ['scim:read'] }))
      .body;
    expect((await admin.delete(`/tokens/${info.id}`)).status).toBe(204);
    const audit = await admin.get('/audit');
    expect(audit.status).toBe(200);
    expect(audit.body.events.slice(0, 2)).toEqual([
      expect.objectContaining({
        action: 'token-revoke',
        outcome: 'applied',
        channel: 'admin',
        actor: 'test-idp',
        token: { id: info.id, name: 'okta' },
        user: { id: null, userName: null },
      }),
      expect.objectContaining({ action: 'token-issue', token: { id: info.id, name: 'okta' } }),
    ]);
    expect(audit.text).not.toContain(secret);
  });

  it("another account's token cannot be listed or revoked", async () => {
    const mine = adminClient(t.app, (await newTenant(t.store)).token);
    const theirs = adminClient(t.app, (await newTenant(t.store)).token);
    const { token: info, secret } = (await theirs.post('/tokens', { name: 'theirs', scopes: ['admin'] }))
      .body;
    expect((await mine.delete(`/tokens/${info.id}`)).status).toBe(404);
    expect((await mine.get('/tokens')).text).not.toContain(info.id);
    expect((await adminClient(t.app, secret).get('/tokens')).status).toBe(200);
  });

  it.each([
    [{ scopes: ['admin'] }, 'name'],
    [{ name: 'x', scopes: ['root'] }, 'root'],
    [{ name: 'x', scopes: [] }, 'scopes'],
    [{ name: 'x', scopes: 'admin' }, 'scopes'],
    [{ name: 'x', scopes: ['admin'], secret: 'mine' }, 'Unknown field "secret"'],
  ])('POST /tokens %j → 400', async (body, mention) => {
    const admin = adminClient(t.app, (await newTenant(t.store)).token);
    const res = await admin.post('/tokens', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(mention);
  });
});
