import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Page } from 'playwright-core';
import { arrangeTeam, type Team } from '../integration/admin-support';
import { openPage, rowOf, screenshot, signIn, startBrowserApp, type BrowserApp } from '../harness/browser';

/** Bulk update: download the spreadsheet, upload an edited one, dry run report, apply. */
describe('Manage Team page: bulk update', () => {
  let b: BrowserApp;
  let team: Team;
  let page: Page;
  let problems: string[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bulk-'));

  beforeAll(async () => {
    b = await startBrowserApp();
    team = await arrangeTeam(b.app, b.store, [
      { userName: 'olga.owner@x.com', lead: true },
      { userName: 'mia.lead@x.com', lead: true, manager: 'olga.owner' },
      { userName: 'rob.smith@x.com', manager: 'mia.lead' },
      { userName: 'pat.plain@x.com' },
    ]);
    ({ page, problems } = await openPage(b));
    await signIn(page, team.token);
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await b?.close();
  });
  afterEach(() => expect(problems).toEqual([]));

  const stored = async (name: string) => (await b.store.users.byId(team.tenantId, team.ids[name]!))!;

  it('downloads the CSV, checks an edited one row by row, then applies it', async () => {
    await page.getByRole('button', { name: 'Bulk update' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bulk update' });
    await dialog.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download spreadsheet (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('users.csv');
    const rows = parse(fs.readFileSync(await download.path()), { bom: true }) as string[][];
    const [header, ...data] = rows;
    expect(header).toEqual([
      'userName',
      'Given Name',
      'Family Name',
      'Email',
      'Title',
      'Manager',
      'Can Manage Team',
      'Deactivated',
    ]);
    expect(data.map((r) => r[0]).sort()).toEqual([
      'mia.lead@x.com',
      'olga.owner@x.com',
      'pat.plain@x.com',
      'rob.smith@x.com',
    ]);

    // pat: deactivate; rob: new title; mia: a team lead, refused in bulk.
    const edited = data.map((r) => {
      const row = [...r];
      if (row[0] === 'pat.plain@x.com') row[7] = 'y';
      if (row[0] === 'rob.smith@x.com') row[4] = 'Senior Agent';
      if (row[0] === 'mia.lead@x.com') row[7] = 'y';
      return row;
    });
    const file = path.join(dir, 'users-edited.csv');
    fs.writeFileSync(file, stringify([header!, ...edited]));

    await dialog.getByLabel('Upload the edited file').setInputFiles(file);
    await dialog.getByRole('button', { name: 'Check file' }).click();
    await dialog.locator('#bulk-summary', { hasText: 'Dry run' }).waitFor();
    const outcomeOf = (userName: string) =>
      dialog.locator('#bulk-rows tr', { hasText: userName }).locator('td').nth(2).textContent();
    await expect(outcomeOf('pat.plain@x.com')).resolves.toBe('Will change');
    await expect(outcomeOf('rob.smith@x.com')).resolves.toBe('Will change');
    await expect(outcomeOf('olga.owner@x.com')).resolves.toBe('No change');
    await expect(outcomeOf('mia.lead@x.com')).resolves.toBe('Refused');
    await expect(
      dialog.locator('#bulk-rows tr', { hasText: 'mia.lead@x.com' }).locator('td').nth(3).textContent(),
    ).resolves.toMatch(/can't be deactivated through the bulk process/);
    await screenshot(page, 'bulk-dry-run');
    // A dry run changes nothing.
    expect((await stored('pat.plain')).active).toBe(true);
    expect((await stored('rob.smith')).title).toBeUndefined();

    await dialog.getByRole('button', { name: 'Apply changes' }).click();
    await dialog.locator('#bulk-summary', { hasText: /^Applied/ }).waitFor();
    await expect(outcomeOf('pat.plain@x.com')).resolves.toBe('Changed');
    await expect(outcomeOf('mia.lead@x.com')).resolves.toBe('Refused');
    await expect(dialog.getByRole('button', { name: 'Apply changes' }).isHidden()).resolves.toBe(true);
    await screenshot(page, 'bulk-applied');
    expect((await stored('pat.plain')).active).toBe(false);
    expect((await stored('rob.smith')).title).toBe('Senior Agent');
    expect((await stored('mia.lead')).active).toBe(true);

    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.locator('#status', { hasText: 'Bulk update applied: 2 changed, 1 not applied.' }).waitFor();
    // The list was reloaded: pat is no longer among the active users.
    await page.locator('#result-count', { hasText: '3 active users.' }).waitFor();
    await expect(rowOf(page, 'rob.smith@x.com').locator('td').nth(2).textContent()).resolves.toBe(
      'Senior Agent',
    );
  });

  it('shows a file the server cannot read with its message', async () => {
    await page.getByRole('button', { name: 'Bulk update' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bulk update' });
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'userName,Favourite Colour\npat.plain@x.com,blue\n');
    await dialog.getByLabel('Upload the edited file').setInputFiles(file);
    await dialog.getByRole('button', { name: 'Check file' }).click();
    const error = dialog.locator('#bulk-error');
    await error.filter({ hasText: /\S/ }).waitFor();
    await expect(error.textContent()).resolves.toMatch(/Favourite Colour/);
    await expect(dialog.getByRole('button', { name: 'Apply changes' }).isHidden()).resolves.toBe(true);
    await page.keyboard.press('Escape');
  });
});
