import type { Page } from 'playwright-core';
import { openPage, rowOf, screenshot, startBrowserApp, type BrowserApp } from '../harness/browser';
import { startOidcProvider, type TestIdp } from '../harness/oidc';
import { createUser, newTenant, scimClient, TEST_OPERATOR } from '../harness/tenant';

const ROLE = { roles: [{ value: 'Manage Users' }] };
const ACCOUNTS = {
  ana: { email: 'ana@acme.test', email_verified: true },
  bob: { email: 'bob@acme.test', email_verified: true },
  cy: { email: 'cy@acme.test', email_verified: true },
  zed: { email: 'zed@acme.test', email_verified: true },
};

/**
 * A person signs in to the page with their company account, through a real IdP's login form
 * (contract.md, People sign in to the page), in Debian's chromium.
 */
describe('Manage Team page: sign in with your company account', () => {
  let b: BrowserApp;
  let idp: TestIdp;
  let account: string;
  let tenantId: string;
  let tim: string;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    b = await startBrowserApp();
    idp = await startOidcProvider({
      accounts: ACCOUNTS,
      clients: [
        {
          client_id: 'roster',
          client_secret: 'browser-secret',
          redirect_uris: [`${b.baseUrl}/auth/callback`],
        },
      ],
    });
    b.allowOrigin(idp.issuer);
    const t = await newTenant(b.store);
    tenantId = t.tenantId;
    account = (await b.store.tenants.byId(tenantId))!.name;
    const scim = scimClient(b.app, t.token);
    await createUser(scim, 'ana@acme.test', ROLE);
    await createUser(scim, 'bob@acme.test');
    await createUser(scim, 'cy@acme.test', { ...ROLE, active: false });
    tim = (await createUser(scim, 'tim.plain@acme.test')).id;
    await b.store.sso.set(
      tenantId,
      {
        issuer: idp.issuer,
        clientId: 'roster',
        clientSecret: 'browser-secret',
        emailClaim: 'email',
      },
      TEST_OPERATOR,
    );
    ({ page, problems } = await openPage(b));
  });
  afterAll(async () => {
    await b?.close();
    await idp?.close();
  });
  afterEach(() => expect(problems).toEqual([]));

  /** From the page to the IdP's login form and back: where the browser lands. */
  async function signInAs(login: string): Promise<void> {
    // Each person from scratch: the IdP's own sign-in (and Roster's) from an earlier test forgotten.
    await b.context.clearCookies();
    await page.goto('/');
    await page.getByLabel('Account name').fill(account);
    await page.getByRole('button', { name: 'Sign in with your company account' }).click();
    await page.getByRole('heading', { name: 'Sign in to the test IdP' }).waitFor();
    expect(new URL(page.url()).origin).toBe(idp.issuer);
    await page.getByLabel('Login').fill(login);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.origin === b.baseUrl);
  }

  it('page → IdP login → back signed in → deactivate a user → audit names the person → sign out', async () => {
    await signInAs('ana');
    await page.locator('#signed-in-as', { hasText: 'Signed in as ana Family' }).waitFor();
    await page.locator('#team-table:not([aria-busy])').waitFor();
    await screenshot(page, 'signed-in-with-company-account');

    await rowOf(page, 'tim.plain@acme.test')
      .getByRole('button', { name: /^Actions for/ })
      .click();
    await page.getByRole('menuitem', { name: 'Deactivate User' }).click();
    await page.locator('#status', { hasText: 'is now Deactivated' }).waitFor();
    expect((await b.store.users.byId(tenantId, tim))!.active).toBe(false);

    await page.getByLabel('Status').selectOption('all');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('#team-table:not([aria-busy])').waitFor();
    await rowOf(page, 'tim.plain@acme.test')
      .getByRole('button', { name: /^Actions for/ })
      .click();
    await page.getByRole('menuitem', { name: 'View audit trail' }).click();
    const dialog = page.getByRole('dialog', { name: /^Audit trail/ });
    await dialog.locator('#audit-status', { hasText: 'newest first' }).waitFor();
    const first = dialog.locator('#audit-rows tr').first();
    await expect(first.locator('td:nth-child(2)').textContent()).resolves.toBe('Deactivate');
    await expect(first.locator('td.actor').textContent()).resolves.toBe('ana@acme.test');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Manage Team' }).waitFor();
    const session = await page.evaluate<number>("fetch('/auth/session').then((r) => r.status)");
    expect(session).toBe(401);
    // The account name is remembered for next time.
    await page.reload();
    // The form is shown once the page has asked for a session; the field is filled as it is shown.
    await page.getByRole('heading', { name: 'Sign in to Manage Team' }).waitFor();
    await expect(page.getByLabel('Account name').inputValue()).resolves.toBe(account);
  });

  it.each([
    ['zed', 'No user of this account has the user name or email zed@acme.test'],
    ['cy', 'Your user cy@acme.test is deactivated in this account'],
    ['bob', 'does not hold Manage Users'],
  ])('%s is shown a refusal page saying why', async (login, why) => {
    await signInAs(login);
    await page.getByRole('heading', { name: 'You cannot manage this account' }).waitFor();
    await expect(page.locator('#reason').textContent()).resolves.toContain(why);
    await page.getByRole('link', { name: 'Back to the Manage Team page' }).click();
    await page.getByRole('heading', { name: 'Sign in to Manage Team' }).waitFor();
  });
});
