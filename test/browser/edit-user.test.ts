import type { Page } from 'playwright-core';
import { arrangeTeam, type Team } from '../integration/admin-support';
import { CORE } from '../harness/tenant';
import {
  focusedEventually,
  openPage,
  rowOf,
  screenshot,
  signIn,
  startBrowserApp,
  type BrowserApp,
} from '../harness/browser';

/** Edit User: the profile form, required fields, and a status change on an incomplete profile. */
describe('Manage Team page: Edit User', () => {
  let b: BrowserApp;
  let team: Team;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    b = await startBrowserApp();
    team = await arrangeTeam(b.app, b.store, [
      { userName: 'olga.owner@x.com', lead: true },
      { userName: 'lea.one@x.com', lead: true },
      { userName: 'rob.smith@x.com', manager: 'olga.owner' },
    ]);
    // Provisioned by an IdP with nothing but a userName: the profile lacks every required field.
    const bare = await team.scim.post('/Users', { schemas: [CORE], userName: 'ivy.bare@x.com' });
    expect(bare.status).toBe(201);
    team.ids['ivy.bare'] = (bare.body as { id: string }).id;
    ({ page, problems } = await openPage(b));
    await signIn(page, team.token);
  });
  afterAll(() => b?.close());
  afterEach(() => expect(problems).toEqual([]));

  const stored = async (name: string) => (await b.store.users.byId(team.tenantId, team.ids[name]!))!;
  const editDialog = () => page.getByRole('dialog', { name: /^Edit User/ });

  it('edits the profile: title and team lead', async () => {
    await rowOf(page, 'rob.smith@x.com').getByRole('button', { name: 'Edit rob smith' }).click();
    const dialog = editDialog();
    await dialog.waitFor();
    // Focus is in the form; required fields are marked in text for screen readers too.
    expect(await focusedEventually(page, 'id', 'edit-givenName')).toBe('edit-givenName');
    await expect(
      dialog.getByRole('textbox', { name: 'Given name (required)' }).getAttribute('aria-required'),
    ).resolves.toBe('true');
    await expect(dialog.getByLabel('Title').getAttribute('aria-required')).resolves.toBeNull();

    await dialog.getByLabel('Title').fill('Support Engineer');
    const manager = dialog.getByRole('combobox', { name: 'Team lead (manager)' });
    await expect(manager.inputValue()).resolves.toBe('olga.owner@x.com');
    await manager.fill('lea');
    await page.getByRole('option', { name: /lea\.one@x\.com/ }).click();
    await screenshot(page, 'edit-user');
    await dialog.getByRole('button', { name: 'Update' }).click();
    await page.locator('#status', { hasText: 'Updated rob smith.' }).waitFor();

    const row = rowOf(page, 'rob.smith@x.com');
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('Support Engineer');
    await expect(row.locator('td').nth(3).textContent()).resolves.toBe('lea.one@x.com');
    const rob = await stored('rob.smith');
    expect(rob.title).toBe('Support Engineer');
    expect(rob.managerId).toBe(team.ids['lea.one']);
    // Focus went back to the row the dialog was opened from.
    expect(await focusedEventually(page, 'label', 'Edit rob smith')).toBe('Edit rob smith');
  });

  it('an incomplete profile cannot change status until its missing fields are filled', async () => {
    const row = rowOf(page, 'ivy.bare@x.com');
    await expect(row.getByText('Incomplete profile').isVisible()).resolves.toBe(true);
    await row.locator('td').nth(1).click();
    const dialog = editDialog();
    await dialog.waitFor();
    await expect(dialog.locator('#edit-missing').textContent()).resolves.toBe(
      'This profile is incomplete: fill in Given name, Family name, Email before changing its status (placeholder values are accepted).',
    );

    await dialog.getByLabel('Deactivated').check();
    await dialog.getByRole('button', { name: 'Update' }).click();
    const refusal = dialog.getByRole('alert').filter({ hasText: 'missing the required attributes' });
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toBe(
      'Cannot deactivate "ivy.bare@x.com": the profile is missing the required attributes name.givenName, name.familyName, emails; fill them in, first or in the same request (placeholder values are accepted).',
    );
    for (const label of ['Given name (required)', 'Family name (required)', 'Email (required)']) {
      await expect(dialog.getByRole('textbox', { name: label }).getAttribute('aria-invalid')).resolves.toBe(
        'true',
      );
    }
    expect(await focusedEventually(page, 'id', 'edit-givenName')).toBe('edit-givenName');
    await screenshot(page, 'edit-missing-fields');
    expect((await stored('ivy.bare')).active).toBe(true);

    await dialog.getByRole('textbox', { name: 'Given name (required)' }).fill('Ivy');
    await dialog.getByRole('textbox', { name: 'Family name (required)' }).fill('Bare');
    await dialog.getByRole('textbox', { name: 'Email (required)' }).fill('ivy.bare@x.com');
    await dialog.getByRole('button', { name: 'Update' }).click();
    await page.locator('#status', { hasText: 'Ivy Bare is now Deactivated.' }).waitFor();
    await expect(rowOf(page, 'ivy.bare@x.com').locator('td').nth(4).textContent()).resolves.toBe(
      'Deactivated',
    );
    const ivy = await stored('ivy.bare');
    expect(ivy.active).toBe(false);
    expect(ivy.name).toMatchObject({ givenName: 'Ivy', familyName: 'Bare' });
  });

  it('closes on Escape without saving, returning focus', async () => {
    const open = rowOf(page, 'lea.one@x.com').getByRole('button', { name: 'Edit lea one' });
    await open.click();
    await editDialog().waitFor();
    await editDialog().getByLabel('Title').fill('Not saved');
    await page.keyboard.press('Escape');
    await expect(editDialog().isHidden()).resolves.toBe(true);
    expect(await focusedEventually(page, 'label', 'Edit lea one')).toBe('Edit lea one');
    expect((await stored('lea.one')).title).toBeUndefined();
  });
});
