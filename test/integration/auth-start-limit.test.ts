import request from 'supertest';
import { SIGN_IN_STARTS } from '../../src/auth/sign-in-start-limit';
import { arrangeAccount, sessionCookie, startSignInApp, type Account } from './auth-support';

/** Sign-in starts per client address (src/auth/sign-in-start-limit.ts): each would store a session. */
describe('GET /auth/login from one address', () => {
  let clock = Date.now();
  let s: Awaited<ReturnType<typeof startSignInApp>>;
  let acme: Account;
  beforeAll(async () => {
    s = await startSignInApp({}, () => clock);
    acme = await arrangeAccount(s.t, s.idp);
  });
  afterAll(() => s.close());

  it('starts a person’s few sign-ins, then answers 429 with Retry-After and stores no session', async () => {
    const login = () => request(s.t.app).get(`/auth/login?account=${acme.name}`);
    for (let i = 0; i < SIGN_IN_STARTS.burst; i += 1) {
      const started = await login();
      expect(started.status).toBe(302);
      expect(sessionCookie(started)).toBeDefined();
    }
    const refused = await login();
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.text).toContain('Too many sign-in attempts');
    expect(sessionCookie(refused)).toBeUndefined();
    // An unknown account counts too: the limit is on starts, before the account is looked up.
    expect((await request(s.t.app).get('/auth/login?account=nobody')).status).toBe(429);
    // Other routes are not held back.
    expect((await request(s.t.app).get('/auth/session')).status).toBe(401);

    clock += 1000 / SIGN_IN_STARTS.ratePerSecond;
    expect((await login()).status).toBe(302);
    expect((await login()).status).toBe(429);
  });
});
