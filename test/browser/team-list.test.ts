import type { Page } from 'playwright-core';
import { arrangeTeam, type Team } from '../integration/admin-support';
import {
  sessionStorageSize,
  openPage,
  rowOf,
  screenshot,
  signIn,
  startBrowserApp,
  type BrowserApp,
} from '../harness/browser';

/** Signing in and out, search, the Status filter, paging, and the primary owner's badge. */
describe('Manage Team page: the team list', () => {
  let b: BrowserApp;
  let team: Team;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    b = await startBrowserApp();
    team = await arrangeTeam(b.app, b.store, [
      { userName: 'olga.owner@x.com', lead: true },
      { userName: 'mia.lead@x.com', lead: true, manager: 'olga.owner' },
      { userName: 'rob.smith@x.com', manager: 'mia.lead' },
      { userName: 'raj.patel@x.com', manager: 'mia.lead' },
      { userName: 'gone.away@x.com', active: false },
    ]);
    const owner = await team.admin.put('/account/owner', { userId: team.ids['olga.owner'] });
    expect(owner.status).toBe(200);
    ({ page, problems } = await openPage(b));
  });
  afterAll(() => b?.close());
  afterEach(() => expect(problems).toEqual([]));

  it('refuses a wrong token with the server message, and signs in with a right one', async () => {
    await page.goto('/');
    // The page asks /auth/session before it shows a sign-in form: wait for it, don't sample it.
    await page.getByLabel('Admin token').waitFor({ state: 'visible' });
    await page.getByLabel('Admin token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in with a token' }).click();
    await page.locator('#sign-in-error').filter({ hasText: /\S/ }).waitFor();
    expect(await sessionStorageSize(page)).toBe(0);

    await signIn(page, team.token);
    // Active is the default filter: four active users, in userName order.
    expect(await page.locator('#team-rows tr').count()).toBe(4);
    await expect(rowOf(page, 'gone.away@x.com').count()).resolves.toBe(0);
    const rob = rowOf(page, 'rob.smith@x.com');
    await expect(rob.locator('td').nth(1).textContent()).resolves.toBe('rob.smith@x.com');
    await expect(rob.locator('td').nth(3).textContent()).resolves.toBe('mia.lead@x.com');
    await expect(rob.locator('td').nth(4).textContent()).resolves.toBe('Active');
    // The owner is marked in text, not by colour alone.
    await expect(rowOf(page, 'olga.owner@x.com').getByText('Primary owner').isVisible()).resolves.toBe(true);
    await screenshot(page, 'team-list');
  });

  it('searches by name, userName or email', async () => {
    await page.getByLabel('Search').fill('Raj');
    await page.locator('#result-count', { hasText: 'matching “Raj”' }).waitFor();
    expect(await page.locator('#team-rows tr').count()).toBe(1);
    await expect(rowOf(page, 'raj.patel@x.com').count()).resolves.toBe(1);

    await page.getByLabel('Search').fill('rob.smith@x');
    await page.locator('#result-count', { hasText: 'matching “rob.smith@x”' }).waitFor();
    await expect(page.locator('#team-rows tr').count()).resolves.toBe(1);
    await expect(rowOf(page, 'rob.smith@x.com').count()).resolves.toBe(1);

    await page.getByLabel('Search').fill('');
    await page.getByLabel('Search').press('Enter');
    await page.locator('#result-count', { hasText: '4 active users.' }).waitFor();
  });

  it('filters Deactivated users and All users', async () => {
    await page.getByLabel('Status').selectOption({ label: 'Deactivated' });
    await page.locator('#result-count', { hasText: '1 deactivated user.' }).waitFor();
    const gone = rowOf(page, 'gone.away@x.com');
    await expect(gone.locator('td').nth(4).textContent()).resolves.toBe('Deactivated');
    await screenshot(page, 'filter-deactivated');

    await page.getByLabel('Status').selectOption({ label: 'All' });
    await page.locator('#result-count', { hasText: '5 users.' }).waitFor();
  });

  it('pages through the server, 50 users at a time', async () => {
    const names = Array.from({ length: 52 }, (_, i) => `zz.member${String(i).padStart(2, '0')}@x.com`);
    for (let at = 0; at < names.length; at += 13) {
      await Promise.all(
        names.slice(at, at + 13).map(async (userName) => {
          const [given, family] = userName.split('@')[0]!.split('.');
          const res = await team.scim.post('/Users', {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName,
            name: { givenName: given, familyName: family },
            emails: [{ value: userName, primary: true }],
          });
          expect(res.status).toBe(201);
        }),
      );
    }
    await page.getByLabel('Status').selectOption({ label: 'Active' });
    await page.getByLabel('Search').fill('zz');
    await page.locator('#result-count', { hasText: '52 active users matching “zz”.' }).waitFor();
    expect(await page.locator('#team-rows tr').count()).toBe(50);
    await expect(page.locator('#page-label').textContent()).resolves.toBe('Showing 1–50 of 52');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('#page-label', { hasText: 'Showing 51–52 of 52' }).waitFor();
    await expect(rowOf(page, 'zz.member51@x.com').count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Next' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.locator('#page-label', { hasText: 'Showing 1–50 of 52' }).waitFor();
  });

  it('signs out and forgets the token', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    expect(await sessionStorageSize(page)).toBe(0);
    await page.reload();
    await page.getByLabel('Admin token').waitFor();
    await expect(page.locator('#team').isHidden()).resolves.toBe(true);
    // The page is served at /app as well.
    await page.goto('/app');
    await page.getByRole('heading', { name: 'Sign in to Manage Team' }).waitFor();
  });
});
