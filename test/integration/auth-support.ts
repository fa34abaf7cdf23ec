import request from 'supertest';
import { startTestApp, type TestApp } from '../harness/app';
import { silentLog } from '../harness/store';
import { CALLBACK, ROSTER_URL, startOidcProvider, type TestIdp } from '../harness/oidc';
import { createUser, newTenant, scimClient, type ScimClient } from '../harness/tenant';
import { adminClient, type AdminClient } from './admin-support';

export const MANAGE_USERS_ROLE = { roles: [{ value: 'Manage Users' }] };

/** The IdP's accounts: who signs in; Roster's users decide what they may do. */
export const IDP_ACCOUNTS = {
  ana: { email: 'ana@acme.test', email_verified: true, name: 'Ana Lima' },
  bob: { email: 'bob@acme.test', email_verified: true },
  cy: { email: 'cy@acme.test', email_verified: true },
  dee: { email: 'dee@acme.test', email_verified: false },
  zed: { email: 'zed@acme.test', email_verified: true },
  olga: { email: 'OLGA@acme.test', email_verified: true },
  eve: { email: 'eve@other.test', email_verified: true },
  dan: { email: 'dan@acme.test', email_verified: true },
  fay: { email: 'fay@acme.test', email_verified: true },
};

export const CLIENT = {
  client_id: 'roster',
  client_secret: 'roster-client-secret-1',
  redirect_uris: [CALLBACK],
};
export const OTHER_CLIENT = {
  client_id: 'other-app',
  client_secret: 'other-secret-2',
  redirect_uris: [CALLBACK],
};

export interface Account {
  name: string;
  tenantId: string;
  token: string;
  scim: ScimClient;
  admin: AdminClient;
  users: Record<string, string>;
}

/**
 * An account whose people sign in with `idp`: ana holds Manage Users, bob doesn't, cy holds it
 * but is deactivated, dee holds it (her IdP email unverified), olga is the primary owner without
 * the role; zed has no user.
 */
export async function arrangeAccount(t: TestApp, idp: TestIdp): Promise<Account> {
  const { tenantId, token } = await newTenant(t.store);
  const name = (await t.store.tenants.byId(tenantId))!.name;
  const scim = scimClient(t.app, token);
  const admin = adminClient(t.app, token);
  const users: Record<string, string> = {};
  users.ana = (await createUser(scim, 'ana@acme.test', MANAGE_USERS_ROLE)).id;
  users.bob = (await createUser(scim, 'bob@acme.test')).id;
  users.cy = (await createUser(scim, 'cy@acme.test', { ...MANAGE_USERS_ROLE, active: false })).id;
  users.dee = (await createUser(scim, 'dee@acme.test', MANAGE_USERS_ROLE)).id;
  // Signs in by primary email, not userName.
  users.olga = (
    await createUser(scim, 'olga.k', { emails: [{ value: 'olga@acme.test', primary: true }] })
  ).id;
  const owner = await admin.put('/account/owner', { userId: users.olga });
  if (owner.status !== 200) throw new Error(`owner transfer answered ${owner.status}`);
  const sso = await admin.put('/account/sso', {
    issuer: idp.issuer,
    clientId: CLIENT.client_id,
    clientSecret: CLIENT.client_secret,
  });
  if (sso.status !== 200) throw new Error(`sso set answered ${sso.status}: ${JSON.stringify(sso.body)}`);
  return { name, tenantId, token, scim, admin, users };
}

export async function startSignInApp(
  env: Record<string, string> = {},
  now?: () => number,
): Promise<{ t: TestApp; idp: TestIdp; close(): Promise<void> }> {
  const [t, idp] = await Promise.all([
    startTestApp(
      { ROSTER_PUBLIC_URL: ROSTER_URL, ...env },
      silentLog,
      now ? { now: () => new Date(now()) } : {},
    ),
    startOidcProvider({ accounts: IDP_ACCOUNTS, clients: [CLIENT, OTHER_CLIENT] }),
  ]);
  return { t, idp, close: async () => void (await Promise.all([t.close(), idp.close()])) };
}

/** The value of the roster_session cookie a response set, if any. */
export function sessionCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? []);
  return cookies.find((c) => c.startsWith('roster_session='));
}

/** The csrfToken of an agent's session (GET /auth/session). */
export async function csrfOf(agent: ReturnType<typeof request.agent>): Promise<string> {
  const res = await agent.get('/auth/session');
  if (res.status !== 200) throw new Error(`/auth/session answered ${res.status}`);
  return (res.body as { csrfToken: string }).csrfToken;
}
