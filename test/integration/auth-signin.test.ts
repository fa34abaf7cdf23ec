import request from 'supertest';
import { signIn, signInAtIdp, ROSTER_URL, CALLBACK } from '../harness/oidc';
import { createUser, newTenant, scimClient } from '../harness/tenant';
import { adminClient } from './admin-support';
import {
  arrangeAccount,
  csrfOf,
  MANAGE_USERS_ROLE,
  sessionCookie,
  startSignInApp,
  type Account,
} from './auth-support';

/** People sign in to the page with their company IdP (contract.md, People sign in to the page). */
describe('sign-in with the company IdP', () => {
  let s: Awaited<ReturnType<typeof startSignInApp>>;
  let acme: Account;
  beforeAll(async () => {
    s = await startSignInApp();
    acme = await arrangeAccount(s.t, s.idp);
  });
  afterAll(() => s.close());

  it('GET /auth/login: 302 to the IdP, code flow with PKCE S256, state, nonce, the public callback', async () => {
    const res = await request(s.t.app).get(`/auth/login?account=${acme.name}`);
    expect(res.status).toBe(302);
    const url = new URL(res.headers.location as string);
    expect(url.origin).toBe(s.idp.issuer);
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('roster');
    expect(q.get('redirect_uri')).toBe(CALLBACK);
    expect(q.get('scope')).toBe('openid email profile');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(q.get('nonce')).toMatch(/^[\w-]{20,}$/);
  });

  it('an unknown account, or one without SSO: a 404 page saying so', async () => {
    const unknown = await request(s.t.app).get('/auth/login?account=no-such-account');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^text\/html/);
    expect(unknown.text).toContain('no account &quot;no-such-account&quot; with company sign-in set up');
    const bare = await s.t.store.tenants.create(`bare-${Date.now().toString(36)}`);
    const none = await request(s.t.app).get(`/auth/login?account=${bare.name}`);
    expect(none.status).toBe(404);
  });

  it('the whole dance: IdP login → callback → cookie → /auth/session → /api/v1 as an admin of the account', async () => {
    const agent = request.agent(s.t.app);
    const callback = await signIn(agent, acme.name, 'ana');
    expect(callback.status).toBe(302);
    expect(callback.headers.location).toBe(`${ROSTER_URL}/`);
    const cookie = sessionCookie(callback)!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);

    const session = await agent.get('/auth/session');
    expect(session.status).toBe(200);
    expect(session.body).toEqual({
      account: acme.name,
      user: { id: acme.users.ana, userName: 'ana@acme.test', displayName: 'ana Family' },
      csrfToken: expect.stringMatching(/^[\w-]{40,}$/),
    });
    const users = await agent.get('/api/v1/users');
    expect(users.status).toBe(200);
    expect(users.body.total).toBe(5);
  });

  it('the primary owner signs in without the role, found by primary email, case-insensitively', async () => {
    const agent = request.agent(s.t.app);
    expect((await signIn(agent, acme.name, 'olga')).status).toBe(302);
    expect((await agent.get('/auth/session')).body.user.userName).toBe('olga.k');
  });

  it.each([
    ['bob', 'does not hold Manage Users'],
    ['cy', 'is deactivated'],
    ['dee', 'is not verified'],
    ['zed', 'No user of this account has the user name or email zed@acme.test'],
  ])('%s is refused with a 403 page saying why (%s), and no session', async (login, why) => {
    const agent = request.agent(s.t.app);
    const res = await signIn(agent, acme.name, login);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain(why);
    expect((await agent.get('/auth/session')).status).toBe(401);
    expect((await agent.get('/api/v1/users')).status).toBe(401);
  });

  it('POST /auth/logout ends the session (204); the cookie no longer works', async () => {
    const agent = request.agent(s.t.app);
    await signIn(agent, acme.name, 'ana');
    const csrf = (await agent.get('/auth/session')).body.csrfToken as string;
    const out = await agent.post('/auth/logout').set('X-CSRF-Token', csrf);
    expect(out.status).toBe(204);
    expect((await agent.get('/auth/session')).status).toBe(401);
    expect((await agent.get('/api/v1/users')).status).toBe(401);
  });

  it('a login the IdP does not know never comes back to Roster signed in', async () => {
    const agent = request.agent(s.t.app);
    const start = await agent.get(`/auth/login?account=${acme.name}`);
    await expect(signInAtIdp(start.headers.location as string, 'nobody')).rejects.toThrow(/400/);
    expect((await agent.get('/auth/session')).status).toBe(401);
  });

  it('changes made with a session are audited as the person: actor {type:user,id,userName}', async () => {
    const agent = request.agent(s.t.app);
    await signIn(agent, acme.name, 'ana');
    const csrf = await csrfOf(agent);
    const deactivated = await agent
      .post(`/api/v1/users/${acme.users.bob}/deactivate`)
      .set('X-CSRF-Token', csrf)
      .send({});
    expect(deactivated.status).toBe(200);
    const events = (await acme.admin.get(`/audit?userId=${acme.users.bob}`)).body.events as Record<
      string,
      unknown
    >[];
    expect(events[0]).toMatchObject({
      action: 'deactivate',
      channel: 'admin',
      outcome: 'applied',
      actor: { type: 'user', id: acme.users.ana, userName: 'ana@acme.test' },
    });
    // A token's change still names the token.
    await acme.admin.post(`/users/${acme.users.bob}/reactivate`, {});
    const after = (await acme.admin.get(`/audit?userId=${acme.users.bob}`)).body.events as Record<
      string,
      unknown
    >[];
    expect(after[0]).toMatchObject({ action: 'reactivate', actor: 'test-idp' });
  });

  it('PATCH manageUsers grants and removes the role; the person then may or may not sign in', async () => {
    const agent = request.agent(s.t.app);
    await signIn(agent, acme.name, 'ana');
    const csrf = await csrfOf(agent);
    const grant = await agent
      .patch(`/api/v1/users/${acme.users.bob}`)
      .set('X-CSRF-Token', csrf)
      .send({ manageUsers: true });
    expect(grant.status).toBe(200);
    expect(grant.body.user.manageUsers).toBe(true);
    const bob = request.agent(s.t.app);
    expect((await signIn(bob, acme.name, 'bob')).status).toBe(302);
    expect((await bob.get('/api/v1/users')).status).toBe(200);

    const remove = await agent
      .patch(`/api/v1/users/${acme.users.bob}`)
      .set('X-CSRF-Token', csrf)
      .send({ manageUsers: false });
    expect(remove.body.user.manageUsers).toBe(false);
    expect((await bob.get('/api/v1/users')).status).toBe(401);
    expect((await acme.scim.get(`/Users/${acme.users.bob}`)).body.roles).toBeUndefined();
    const bad = await agent
      .patch(`/api/v1/users/${acme.users.bob}`)
      .set('X-CSRF-Token', csrf)
      .send({ manageUsers: 'yes' });
    expect(bad.status).toBe(400);
  });

  it('an account without an owner keeps its last active Manage Users holder (409, nothing changed)', async () => {
    const { token } = await newTenant(s.t.store);
    const scim = scimClient(s.t.app, token);
    const admin = adminClient(s.t.app, token);
    const solo = (await createUser(scim, 'solo@x.test', MANAGE_USERS_ROLE)).id;
    const refused = await admin.patch(`/users/${solo}`, { manageUsers: false });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('last active person who holds Manage Users');
    expect((await admin.get(`/users/${solo}`)).body.user.manageUsers).toBe(true);
    const other = (await createUser(scim, 'second@x.test', MANAGE_USERS_ROLE)).id;
    expect((await admin.patch(`/users/${solo}`, { manageUsers: false })).status).toBe(200);
    expect((await admin.get(`/users/${other}`)).body.user.manageUsers).toBe(true);
  });
});
