import request from 'supertest';
import { rosterPath, signIn, signInAtIdp, startOidcProvider, type TestIdp } from '../harness/oidc';
import { newTenant, patchOp, scimClient } from '../harness/tenant';
import {
  arrangeAccount,
  CLIENT,
  csrfOf,
  IDP_ACCOUNTS,
  sessionCookie,
  startSignInApp,
  type Account,
} from './auth-support';

const MINUTE = 60_000;

/** The sign-in's attack surface (issue 13, Security tests), each against the real IdP. */
describe('sign-in security', () => {
  let clock = Date.now();
  let s: Awaited<ReturnType<typeof startSignInApp>>;
  let acme: Account;
  let otherIdp: TestIdp;
  beforeAll(async () => {
    [s, otherIdp] = await Promise.all([
      startSignInApp({ ROSTER_SESSION_ABSOLUTE_HOURS: '1' }, () => clock),
      startOidcProvider({ accounts: IDP_ACCOUNTS, clients: [CLIENT] }),
    ]);
    acme = await arrangeAccount(s.t, s.idp);
  });
  afterAll(async () => {
    await Promise.all([s.close(), otherIdp.close()]);
  });

  const start = async (agent: ReturnType<typeof request.agent>) => {
    const res = await agent.get(`/auth/login?account=${acme.name}`);
    expect(res.status).toBe(302);
    return res;
  };
  const refusedUnverified = async (agent: ReturnType<typeof request.agent>, callback: string) => {
    const res = await agent.get(rosterPath(callback));
    expect(res.status).toBe(400);
    expect(res.text).toContain('This sign-in could not be verified');
    expect((await agent.get('/auth/session')).status).toBe(401);
    return res;
  };

  it('a forged state is refused', async () => {
    const agent = request.agent(s.t.app);
    const callback = new URL(await signInAtIdp((await start(agent)).headers.location as string, 'ana'));
    callback.searchParams.set('state', 'forged-state-value-0123456789');
    await refusedUnverified(agent, callback.href);
  });

  it('a replayed callback is refused, in the same browser and in another', async () => {
    const agent = request.agent(s.t.app);
    const callback = await signInAtIdp((await start(agent)).headers.location as string, 'ana');
    expect((await agent.get(rosterPath(callback))).status).toBe(302);
    const again = await agent.get(rosterPath(callback));
    expect(again.status).toBe(400);
    const elsewhere = request.agent(s.t.app);
    await refusedUnverified(elsewhere, callback);
  });

  it('an ID token with another nonce is refused', async () => {
    const agent = request.agent(s.t.app);
    const authorize = (await start(agent)).headers.location as string;
    const callback = await signInAtIdp(authorize, 'ana', (url) =>
      url.searchParams.set('nonce', 'a-nonce-roster-never-made-0123'),
    );
    const res = await refusedUnverified(agent, callback);
    expect(res.text).toContain('unexpected ID Token &quot;nonce&quot; claim value');
  });

  it('a response from another issuer is refused', async () => {
    const agent = request.agent(s.t.app);
    const authorize = new URL((await start(agent)).headers.location as string);
    const issuer = new URL(otherIdp.issuer);
    const callback = await signInAtIdp(authorize.href, 'ana', (url) => {
      url.host = issuer.host;
    });
    expect(new URL(callback).searchParams.get('iss')).toBe(otherIdp.issuer);
    const res = await refusedUnverified(agent, callback);
    expect(res.text).toMatch(/&quot;iss&quot;/);
  });

  it('a code and ID token issued to another client (another audience) is refused', async () => {
    const agent = request.agent(s.t.app);
    const callback = await signInAtIdp((await start(agent)).headers.location as string, 'ana', (url) =>
      url.searchParams.set('client_id', 'other-app'),
    );
    await refusedUnverified(agent, callback);
  });

  it('session fixation: the session id changes at sign-in', async () => {
    const agent = request.agent(s.t.app);
    const login = await start(agent);
    const before = sessionCookie(login)!.split(';')[0]!;
    const callback = await agent.get(rosterPath(await signInAtIdp(login.headers.location as string, 'ana')));
    const after = sessionCookie(callback)!.split(';')[0]!;
    expect(after).not.toBe(before);
    // The pre-sign-in id, planted in a victim's browser, is worth nothing afterwards.
    const planted = await request(s.t.app).get('/auth/session').set('Cookie', before);
    expect(planted.status).toBe(401);
    expect((await agent.get('/auth/session')).status).toBe(200);
  });

  it('idle for more than 30 minutes: signed out', async () => {
    const agent = request.agent(s.t.app);
    await signIn(agent, acme.name, 'ana');
    clock += 29 * MINUTE;
    expect((await agent.get('/api/v1/users')).status).toBe(200);
    clock += 31 * MINUTE;
    const res = await agent.get('/api/v1/users');
    // The stored session expired with the idle limit: the request is as if never signed in.
    expect(res.status).toBe(401);
    expect((await agent.get('/auth/session')).status).toBe(401);
  });

  it('past the absolute limit (here 1 h): signed out however busy', async () => {
    const agent = request.agent(s.t.app);
    await signIn(agent, acme.name, 'ana');
    for (let i = 0; i < 3; i += 1) {
      clock += 20 * MINUTE;
      expect((await agent.get('/auth/session')).status).toBe(200);
    }
    clock += 1 * MINUTE;
    const res = await agent.get('/api/v1/users');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain('time limit');
  });

  it('CSRF: a write without the header, or with a wrong one, is 403 and changes nothing', async () => {
    const agent = request.agent(s.t.app);
    await signIn(agent, acme.name, 'ana');
    const csrf = await csrfOf(agent);
    const url = `/api/v1/users/${acme.users.bob}`;
    const missing = await agent.patch(url).send({ title: 'Hacked' });
    expect(missing.status).toBe(403);
    expect(missing.body.error.message).toContain('X-CSRF-Token');
    const wrong = await agent
      .patch(url)
      .set('X-CSRF-Token', `${csrf.slice(0, -1)}x`)
      .send({ title: 'Hacked' });
    expect(wrong.status).toBe(403);
    expect((await agent.get(url)).body.user.title).toBeNull();
    const right = await agent.patch(url).set('X-CSRF-Token', csrf).send({ title: 'Analyst' });
    expect(right.status).toBe(200);
    expect(right.body.user.title).toBe('Analyst');
  });

  it('a cross-site form post carrying the cookie is refused', async () => {
    const agent = request.agent(s.t.app);
    await signIn(agent, acme.name, 'ana');
    const res = await agent
      .post(`/api/v1/users/${acme.users.bob}/deactivate`)
      .set('Origin', 'https://evil.example')
      .set('Referer', 'https://evil.example/page.html')
      .type('form')
      .send('confirm=yes');
    expect(res.status).toBe(403);
    expect((await agent.get(`/api/v1/users/${acme.users.bob}`)).body.user.active).toBe(true);
  });

  it('the session cookie never reaches /scim/v2: 401 there', async () => {
    const agent = request.agent(s.t.app);
    await signIn(agent, acme.name, 'ana');
    const res = await agent.get('/scim/v2/Users');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    const csrf = await csrfOf(agent);
    expect((await agent.delete(`/scim/v2/Users/${acme.users.bob}`).set('X-CSRF-Token', csrf)).status).toBe(
      401,
    );
  });

  it("account A's session sees nothing of account B", async () => {
    const b = await newTenant(s.t.store);
    const bScim = scimClient(s.t.app, b.token);
    const bUser = (
      await bScim.post('/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'b.person@b.test',
      })
    ).body.id as string;
    const agent = request.agent(s.t.app);
    await signIn(agent, acme.name, 'ana');
    const csrf = await csrfOf(agent);
    expect((await agent.get(`/api/v1/users/${bUser}`)).status).toBe(404);
    expect((await agent.get('/api/v1/users?q=b.person')).body.users).toEqual([]);
    expect(
      (await agent.post(`/api/v1/users/${bUser}/deactivate`).set('X-CSRF-Token', csrf).send({})).status,
    ).toBe(404);
    expect((await agent.get(`/api/v1/audit?userId=${bUser}`)).body.events).toEqual([]);
    expect((await bScim.get(`/Users/${bUser}`)).body.active).toBe(true);
  });

  it('deactivated mid-session: the next request is 401', async () => {
    const { scim } = acme;
    const dan = (
      await scim.post('/Users', { ...userLike('dan@acme.test'), roles: [{ value: 'manage users' }] })
    ).body.id as string;
    const agent = request.agent(s.t.app);
    const res = await signInAs(agent, 'dan@acme.test');
    expect(res.status).toBe(302);
    expect((await agent.get('/api/v1/users')).status).toBe(200);
    expect(
      (await scim.patch(`/Users/${dan}`, patchOp({ op: 'replace', path: 'active', value: false }))).status,
    ).toBe(200);
    const after = await agent.get('/api/v1/users');
    expect(after.status).toBe(401);
    expect(after.body.error.message).toContain('deactivated');
  });

  it('losing the Manage Users role mid-session: the next request is 401', async () => {
    const { scim } = acme;
    const fay = (
      await scim.post('/Users', {
        ...userLike('fay@acme.test'),
        roles: [{ value: 'Manage Users' }, { value: 'Viewer' }],
      })
    ).body.id as string;
    const agent = request.agent(s.t.app);
    expect((await signInAs(agent, 'fay@acme.test')).status).toBe(302);
    expect((await agent.get('/auth/session')).status).toBe(200);
    await scim.patch(
      `/Users/${fay}`,
      patchOp({ op: 'replace', path: 'roles', value: [{ value: 'Viewer' }] }),
    );
    const after = await agent.get('/auth/session');
    expect(after.status).toBe(401);
    expect(after.body.error.message).toContain('no longer hold Manage Users');
  });

  /** A sign-in as a Roster user the shared IdP has no account for: the harness IdP gets one by login = email. */
  async function signInAs(agent: ReturnType<typeof request.agent>, email: string) {
    return signIn(agent, acme.name, loginFor(email));
  }
});

const userLike = (userName: string) => {
  const [given] = userName.split('@');
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    name: { givenName: given, familyName: 'Acme' },
    emails: [{ value: userName, primary: true }],
    active: true,
  };
};

/** The IdP account whose email is `email` (IDP_ACCOUNTS). */
function loginFor(email: string): string {
  const found = Object.entries(IDP_ACCOUNTS).find(([, claims]) => claims.email === email);
  if (!found) throw new Error(`no IdP account for ${email}`);
  return found[0];
}
