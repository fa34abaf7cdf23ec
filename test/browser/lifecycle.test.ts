import type { Page } from 'playwright-core';
import { arrangeTeam, type Team } from '../integration/admin-support';
import {
  focusedEventually,
  openPage,
  rowOf,
  screenshot,
  signIn,
  startBrowserApp,
  type BrowserApp,
} from '../harness/browser';

/**
 * The seed article's flows on the page: Deactivate User from the "⋯" menu, the refusal for the
 * primary owner, "Deactivate a Manager" with both reassignment forms, Reactivate, audit trail.
 */
describe('Manage Team page: deactivate and reactivate', () => {
  let b: BrowserApp;
  let team: Team;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    b = await startBrowserApp();
    team = await arrangeTeam(b.app, b.store, [
      { userName: 'olga.owner@x.com', lead: true },
      { userName: 'lea.one@x.com', lead: true, manager: 'olga.owner' },
      { userName: 'leo.two@x.com', lead: true, manager: 'olga.owner' },
      { userName: 'mia.lead@x.com', lead: true, manager: 'olga.owner' },
      { userName: 'rob.smith@x.com', manager: 'mia.lead' },
      { userName: 'raj.patel@x.com', manager: 'mia.lead' },
      { userName: 'kai.lead@x.com', lead: true, manager: 'olga.owner' },
      { userName: 'ann.berg@x.com', manager: 'kai.lead' },
      { userName: 'ben.cole@x.com', manager: 'kai.lead' },
      { userName: 'pat.plain@x.com' },
    ]);
    expect((await team.admin.put('/account/owner', { userId: team.ids['olga.owner'] })).status).toBe(200);
    ({ page, problems } = await openPage(b));
    await signIn(page, team.token);
  });
  afterAll(() => b?.close());
  afterEach(() => expect(problems).toEqual([]));

  const stored = async (name: string) => (await b.store.users.byId(team.tenantId, team.ids[name]!))!;
  const statusOf = (userName: string) => rowOf(page, userName).locator('td').nth(4).textContent();

  async function menuAction(userName: string, action: string): Promise<void> {
    await rowOf(page, userName)
      .getByRole('button', { name: /^Actions for/ })
      .click();
    await page.getByRole('menuitem', { name: action }).click();
  }

  /** Types into a user picker and chooses the suggestion for this userName. */
  async function pick(label: string | RegExp, userName: string): Promise<void> {
    const input = page.getByRole('combobox', { name: label });
    await input.fill(userName.split('@')[0]!);
    await page.getByRole('option', { name: new RegExp(userName.replace(/[.]/g, '\\.')) }).click();
  }

  it('deactivates a plain user from the "⋯" menu, by keyboard', async () => {
    const more = rowOf(page, 'pat.plain@x.com').getByRole('button', { name: /^Actions for/ });
    await more.focus();
    await page.keyboard.press('Enter');
    expect(await focusedEventually(page, 'text', 'Edit User')).toBe('Edit User');
    await page.keyboard.press('ArrowDown');
    expect(await focusedEventually(page, 'text', 'Deactivate User')).toBe('Deactivate User');
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: 'is now Deactivated' }).waitFor();
    await expect(statusOf('pat.plain@x.com')).resolves.toBe('Deactivated');
    expect((await stored('pat.plain')).active).toBe(false);
    await screenshot(page, 'deactivated-user');
  });

  it("shows the server's refusal verbatim for the primary owner", async () => {
    await menuAction('olga.owner@x.com', 'Deactivate User');
    const alert = page.getByRole('alert').filter({ hasText: 'primary account owner' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toBe(
      'Cannot deactivate "olga.owner@x.com": this user is the primary account owner; transfer ownership first (PUT /api/v1/account/owner).',
    );
    await expect(statusOf('olga.owner@x.com')).resolves.toBe('Active');
    expect((await stored('olga.owner')).active).toBe(true);
    await screenshot(page, 'owner-refused');
  });

  it('Deactivate a Manager: reassigns all reports to one new lead (after a refused choice)', async () => {
    await menuAction('mia.lead@x.com', 'Deactivate User');
    const dialog = page.getByRole('dialog', { name: 'Deactivate a Manager' });
    await dialog.waitFor();
    await expect(dialog.locator('#manager-intro').textContent()).resolves.toContain(
      'leads 2 active team members',
    );
    // Focus moved into the dialog.
    expect(await focusedEventually(page, 'dialog', 'manager-dialog')).toBe('manager-dialog');

    // One of the reports can't lead the others: the server says why, verbatim, and nothing changes.
    await pick('New Team Lead for all team members', 'rob.smith@x.com');
    await dialog.getByRole('button', { name: 'Reassign and deactivate' }).click();
    const refusal = dialog.getByRole('alert').filter({ hasText: 'one of the reports being reassigned' });
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toMatch(
      /^Cannot deactivate "mia\.lead@x\.com": new manager/,
    );
    await screenshot(page, 'manager-refused');
    expect((await stored('mia.lead')).active).toBe(true);

    await pick('New Team Lead for all team members', 'lea.one@x.com');
    await screenshot(page, 'manager-reassign-all');
    await dialog.getByRole('button', { name: 'Reassign and deactivate' }).click();
    await page.locator('#status', { hasText: 'is now Deactivated; 2 team members reassigned.' }).waitFor();
    await expect(dialog.isHidden()).resolves.toBe(true);
    await expect(statusOf('mia.lead@x.com')).resolves.toBe('Deactivated');
    await expect(rowOf(page, 'rob.smith@x.com').locator('td').nth(3).textContent()).resolves.toBe(
      'lea.one@x.com',
    );
    expect((await stored('mia.lead')).active).toBe(false);
    expect((await stored('rob.smith')).managerId).toBe(team.ids['lea.one']);
    expect((await stored('raj.patel')).managerId).toBe(team.ids['lea.one']);
  });

  it('Deactivate a Manager: reassigns each report individually', async () => {
    await menuAction('kai.lead@x.com', 'Deactivate User');
    const dialog = page.getByRole('dialog', { name: 'Deactivate a Manager' });
    await dialog.waitFor();
    await dialog.getByLabel('Reassign each team member individually').check();
    // Confirming with a report left without a lead is caught before anything is sent.
    await pick('New Team Lead for ann.berg@x.com', 'lea.one@x.com');
    await dialog.getByRole('button', { name: 'Reassign and deactivate' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'for ben.cole@x.com' }).waitFor();

    await pick('New Team Lead for ben.cole@x.com', 'leo.two@x.com');
    await screenshot(page, 'manager-reassign-each');
    await dialog.getByRole('button', { name: 'Reassign and deactivate' }).click();
    await page
      .locator('#status', { hasText: 'kai lead is now Deactivated; 2 team members reassigned.' })
      .waitFor();
    expect((await stored('kai.lead')).active).toBe(false);
    expect((await stored('ann.berg')).managerId).toBe(team.ids['lea.one']);
    expect((await stored('ben.cole')).managerId).toBe(team.ids['leo.two']);
  });

  it('reactivates from the Deactivated filter: by the menu, and by Edit User', async () => {
    await page.getByLabel('Status').selectOption({ label: 'Deactivated' });
    await page.locator('#result-count', { hasText: '3 deactivated users.' }).waitFor();
    await menuAction('pat.plain@x.com', 'Reactivate');
    await page.locator('#status', { hasText: 'pat plain is now Active.' }).waitFor();
    await expect(statusOf('pat.plain@x.com')).resolves.toBe('Active');
    expect((await stored('pat.plain')).active).toBe(true);

    // The article's way: click the row, untick Deactivated, Update.
    await rowOf(page, 'mia.lead@x.com').locator('td').nth(4).click();
    const dialog = page.getByRole('dialog', { name: /^Edit User/ });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Deactivated').isChecked()).resolves.toBe(true);
    await dialog.getByLabel('Deactivated').uncheck();
    await dialog.getByRole('button', { name: 'Update' }).click();
    await page.locator('#status', { hasText: 'mia lead is now Active.' }).waitFor();
    expect((await stored('mia.lead')).active).toBe(true);
    // Focus came back to the page, not lost.
    expect(await focusedEventually(page, 'tag', 'BUTTON')).toBe('BUTTON');
  });

  it("shows a user's audit trail", async () => {
    await menuAction('pat.plain@x.com', 'View audit trail');
    const dialog = page.getByRole('dialog', { name: /^Audit trail/ });
    await dialog.waitFor();
    await dialog.locator('#audit-status', { hasText: 'newest first' }).waitFor();
    const actions = await dialog.locator('#audit-rows tr td:nth-child(2)').allTextContents();
    expect(actions.slice(0, 2)).toEqual(['Reactivate', 'Deactivate']);
    // The time column reads the event's `time` (docs/contract.md, Audit event shape).
    const times = await dialog
      .locator('#audit-rows tr td:nth-child(1) time')
      .evaluateAll((cells) => cells.map((cell) => [cell.getAttribute('datetime'), cell.textContent]));
    expect(times.length).toBeGreaterThan(1);
    for (const [datetime, text] of times) {
      expect(Number.isNaN(Date.parse(String(datetime)))).toBe(false);
      expect(text).not.toMatch(/Invalid Date/);
    }
    await screenshot(page, 'audit-trail');
    await page.keyboard.press('Escape');
    await expect(dialog.isHidden()).resolves.toBe(true);
    expect(await focusedEventually(page, 'label', 'Actions for pat plain')).toBe('Actions for pat plain');
  });
});
