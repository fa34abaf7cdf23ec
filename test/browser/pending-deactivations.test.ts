import type { Page } from 'playwright-core';
import { arrangeTeam, type Team } from '../integration/admin-support';
import { openPage, rowOf, screenshot, signIn, startBrowserApp, type BrowserApp } from '../harness/browser';
import { fixture, scimClient, TEST_OPERATOR } from '../harness/tenant';

/**
 * Pending deactivations on the Manage Team page (docs/contract.md "Pending deactivations"): the
 * notice, the list with who asked and since when, and finishing one from the page — the
 * Deactivate a Manager step opens with the lead's team, and once it is reassigned Roster
 * finishes the IdP's request itself, so the lead leaves the list without a second click.
 */
describe('Manage Team page: pending deactivations', () => {
  let b: BrowserApp;
  let team: Team;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    b = await startBrowserApp();
    team = await arrangeTeam(b.app, b.store, [
      { userName: 'olga.owner@x.com', lead: true },
      { userName: 'mia.lead@x.com', lead: true },
      { userName: 'rob.smith@x.com', manager: 'mia.lead' },
      { userName: 'raj.patel@x.com', manager: 'mia.lead' },
      { userName: 'kai.lead@x.com', lead: true },
      { userName: 'ann.berg@x.com', manager: 'kai.lead' },
      { userName: 'lea.new@x.com', lead: true },
    ]);
    const okta = await b.store.tokens.issue(
      team.tenantId,
      'okta',
      ['scim:read', 'scim:write'],
      TEST_OPERATOR,
    );
    const idp = scimClient(b.app, okta.secret);
    for (const lead of ['kai.lead', 'mia.lead']) {
      const res = await idp.patch(`/Users/${team.ids[lead]}`, fixture('okta/deactivate-user.json'));
      expect(res.status).toBe(409);
    }
    ({ page, problems } = await openPage(b));
    await signIn(page, team.token);
  });
  afterAll(() => b?.close());
  afterEach(() => expect(problems).toEqual([]));

  const stored = async (name: string) => (await b.store.users.byId(team.tenantId, team.ids[name]!))!;
  const pendingRow = (userName: string) => page.locator(`#pending-rows tr[data-user-name="${userName}"]`);

  it('shows the notice with the count, and the list with who asked, since when and what blocks it', async () => {
    const toggle = page.getByRole('button', { name: 'Pending deactivations (2)' });
    await toggle.waitFor();
    await expect(page.locator('#pending-panel').isHidden()).resolves.toBe(true);
    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.getByRole('heading', { name: 'Pending deactivations' }).waitFor();

    // Newest first: mia's request came after kai's.
    const names = await page.locator('#pending-rows tr th').allTextContents();
    expect(names).toEqual(['mia leadmia.lead@x.com', 'kai leadkai.lead@x.com']);
    const cells = await pendingRow('mia.lead@x.com').locator('td').allTextContents();
    expect(cells[0]).toBe('Deactivate, asked by okta (SCIM)');
    expect(cells[1]).toMatch(/^since /);
    expect(cells[2]).toBe('Leads 2 active team members: rob.smith@x.com, raj.patel@x.com.');
    await screenshot(page, 'pending-deactivations');
  });

  it('"Reassign team" opens Deactivate a Manager with the team; after reassigning, Roster finishes the request', async () => {
    await pendingRow('mia.lead@x.com')
      .getByRole('button', { name: 'Reassign the team of mia.lead@x.com' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Deactivate a Manager' });
    await dialog.waitFor();
    await expect(dialog.locator('#manager-intro').textContent()).resolves.toContain(
      'mia lead leads 2 active team members',
    );
    await dialog.getByLabel('Reassign each team member individually').check();
    await expect(dialog.locator('#manager-each-rows th').allTextContents()).resolves.toEqual([
      'rob.smith@x.com',
      'raj.patel@x.com',
    ]);
    await dialog.getByLabel('Reassign all team members to one new Team Lead').check();
    const input = page.getByRole('combobox', { name: 'New Team Lead for all team members' });
    await input.fill('lea.new');
    await page.getByRole('option', { name: /lea\.new@x\.com/ }).click();
    await dialog.getByRole('button', { name: 'Reassign and deactivate' }).click();

    await page.locator('#status', { hasText: 'is now Deactivated; 2 team members reassigned.' }).waitFor();
    await page.getByRole('button', { name: 'Pending deactivations (1)' }).waitFor();
    await expect(pendingRow('mia.lead@x.com').count()).resolves.toBe(0);
    await expect(rowOf(page, 'mia.lead@x.com').locator('td').nth(4).textContent()).resolves.toBe(
      'Deactivated',
    );
    expect((await stored('mia.lead')).active).toBe(false);
    expect((await stored('rob.smith')).managerId).toBe(team.ids['lea.new']);

    // Roster carried out Okta's request: the audit row is the IdP's deactivation, once.
    const events = await b.store.audit.list(team.tenantId, { userId: team.ids['mia.lead']!, limit: 20 });
    const applied = events.filter((e) => e.action === 'deactivate' && e.outcome === 'applied');
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ actor: 'okta', pendingDeactivation: { requestedBy: 'okta' } });
    await screenshot(page, 'pending-finished');
  });

  it('"Cancel request" withdraws one; the notice goes away with the last', async () => {
    await pendingRow('kai.lead@x.com')
      .getByRole('button', { name: 'Cancel the request for kai.lead@x.com' })
      .click();
    await page.locator('#status', { hasText: 'The request to deactivate kai lead was cancelled.' }).waitFor();
    await page.locator('#pending-notice').waitFor({ state: 'hidden' });
    await expect(page.locator('#pending-panel').isHidden()).resolves.toBe(true);
    expect((await stored('kai.lead')).pendingDeactivation).toBeUndefined();
    expect((await stored('kai.lead')).active).toBe(true);
  });
});
