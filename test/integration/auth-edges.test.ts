/**
 * Authentication edges (issue 16 item 6) on the real app and store: a repeated Authorization
 * header, the bootstrap token's revocation, and the limit on failed authentications per address.
 */
import request from 'supertest';
import { startTestApp, type TestApp } from '../harness/app';
import { newTenant } from '../harness/tenant';
import { syncBootstrapToken } from '../../src/store/bootstrap';

const BOOTSTRAP = 'rst_auth-edges-bootstrap-token-0123456789';

describe('authentication edges', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('a repeated Authorization header is 400, whichever copy is valid', async () => {
    const { token } = await newTenant(t.store);
    // superagent sends an array as one header line per value; its types only allow it for Cookie.
    for (const pair of [
      [`Bearer ${token}`, 'Bearer rst_someone-else'],
      ['Bearer rst_someone-else', `Bearer ${token}`],
    ]) {
      const headers = pair as unknown as string;
      const scim = await request(t.app).get('/scim/v2/Users').set('Authorization', headers);
      expect(scim.status).toBe(400);
      expect(scim.body).toMatchObject({
        scimType: 'invalidSyntax',
        detail: expect.stringContaining('2 Authorization headers'),
      });
      const admin = await request(t.app).get('/api/v1/users').set('Authorization', headers);
      expect(admin.status).toBe(400);
      expect(admin.body.error.kind).toBe('invalid-syntax');
    }
    expect((await request(t.app).get('/scim/v2/Users').set('Authorization', `Bearer ${token}`)).status).toBe(
      200,
    );
  });

  it('the bootstrap token cannot be revoked (a restart would bring it back); unsetting the variable removes it', async () => {
    expect(await syncBootstrapToken(t.store, BOOTSTRAP)).toBe(0);
    const auth = { Authorization: `Bearer ${BOOTSTRAP}` };
    const listed = await request(t.app).get('/api/v1/tokens').set(auth);
    const bootstrap = (listed.body.tokens as { id: string; name: string }[]).find(
      (k) => k.name === 'bootstrap',
    )!;

    const refused = await request(t.app).delete(`/api/v1/tokens/${bootstrap.id}`).set(auth);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('ROSTER_BOOTSTRAP_TOKEN');
    expect((await request(t.app).get('/api/v1/tokens').set(auth)).status).toBe(200);

    // The same start again changes nothing; a start without the variable removes the token.
    expect(await syncBootstrapToken(t.store, BOOTSTRAP)).toBe(0);
    expect(await syncBootstrapToken(t.store, undefined)).toBe(1);
    expect((await request(t.app).get('/api/v1/tokens').set(auth)).status).toBe(401);
  });

  it('an address that keeps presenting unknown tokens is answered 429 + Retry-After before any lookup', async () => {
    const { app, store, close } = await startTestApp();
    try {
      const { token } = await newTenant(store);
      for (let i = 0; i < 20; i += 1) {
        const res = await request(app).get('/scim/v2/Users').set('Authorization', `Bearer rst_guess-${i}`);
        expect(res.status).toBe(401);
      }
      const limited = await request(app).get('/scim/v2/Users').set('Authorization', 'Bearer rst_guess-20');
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('5');
      expect(limited.body.detail).toMatch(/Too many failed authentications from this address/);
      // The address is over its limit whatever it presents, until the bucket refills.
      expect((await request(app).get('/api/v1/users').set('Authorization', `Bearer ${token}`)).status).toBe(
        429,
      );
      // Requests without a credential are not counted nor limited (they never cost a lookup).
      expect((await request(app).get('/healthz')).status).toBe(200);
    } finally {
      await close();
    }
  });
});
