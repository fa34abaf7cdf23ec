import { startTestApp, type TestApp } from '../harness/app';
import { arrangeTeam, csvFixture, csvRows, type Member, type Team } from './admin-support';

/**
 * The bulk update spreadsheet (seed article; docs/contract.md POST /api/v1/users/import and the
 * export it round-trips with), driven with files as spreadsheet programs write them
 * (test/fixtures/csv/).
 */
const TEAM: Member[] = [
  { userName: 'ana.lima@example.com', lead: true },
  { userName: 'bo.chen@example.com', manager: 'ana.lima' },
  { userName: 'cara.diaz@example.com', manager: 'ana.lima' },
  { userName: 'dan.old@example.com' },
  { userName: 'eve.moss@example.com', manager: 'dan.old' },
  { userName: 'finn.ray@example.com', manager: 'dan.old' },
  { userName: 'gia.new@example.com', lead: true },
  { userName: 'hal.gone@example.com', active: false },
  { userName: 'jose.nunez@example.com' },
];

interface Outcome {
  row: number;
  userName: string;
  outcome: string;
  kind?: string;
  reason?: string;
}

describe('spreadsheet import', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const arrange = () => arrangeTeam(t.app, t.store, TEAM);
  const user = async (team: Team, name: string) =>
    (await t.store.users.byId(team.tenantId, team.ids[name]!))!;
  const outcomes = (rows: Outcome[]) =>
    rows.map(({ row, userName, outcome, kind }) => ({ row, userName, outcome, kind }));

  it('Excel CSV UTF-8 (BOM, CRLF, quoted commas, quotes and line breaks, accents) applies as written', async () => {
    const team = await arrange();
    const res = await team.admin.importCsv(csvFixture('excel-bom-crlf.csv'));
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(false);
    expect(res.body.summary).toEqual({ rows: 3, applied: 2, unchanged: 1, refused: 0, error: 0 });
    expect(outcomes(res.body.rows)).toEqual([
      { row: 2, userName: 'jose.nunez@example.com', outcome: 'applied', kind: undefined },
      { row: 3, userName: 'bo.chen@example.com', outcome: 'applied', kind: undefined },
      { row: 4, userName: 'cara.diaz@example.com', outcome: 'unchanged', kind: undefined },
    ]);
    const jose = await user(team, 'jose.nunez');
    expect(jose.name).toEqual({ givenName: 'José', familyName: 'Núñez, Jr.' });
    expect(jose.title).toBe('Head of "Sales"\nEMEA');
    expect((await user(team, 'bo.chen')).title).toBe('Analyst, Senior');
  });

  it('a row deactivating a team lead is refused with the article reason; the other rows apply', async () => {
    const team = await arrange();
    const res = await team.admin.importCsv(csvFixture('team-lead-row.csv'));
    expect(res.status).toBe(200);
    expect(outcomes(res.body.rows)).toEqual([
      { row: 2, userName: 'ana.lima@example.com', outcome: 'refused', kind: 'team-lead-in-bulk' },
      { row: 3, userName: 'hal.gone@example.com', outcome: 'applied', kind: undefined },
      { row: 4, userName: 'jose.nunez@example.com', outcome: 'applied', kind: undefined },
      { row: 5, userName: 'eve.moss@example.com', outcome: 'applied', kind: undefined },
    ]);
    expect(res.body.rows[0].reason).toBe(
      "Users who can manage a team can't be deactivated through the bulk process; reassign their direct reports, then deactivate them from the Manage Team page.",
    );
    expect((await user(team, 'ana.lima')).active).toBe(true);
    expect((await user(team, 'hal.gone')).active).toBe(true);
    expect((await user(team, 'eve.moss')).active).toBe(false);
    expect((await user(team, 'jose.nunez')).title).toBe('Engineer');

    const refusal = (await team.admin.get(`/audit?userId=${team.ids['ana.lima']}`)).body.events[0];
    expect(refusal).toMatchObject({
      action: 'deactivate',
      outcome: 'refused',
      channel: 'csv',
      kind: 'team-lead-in-bulk',
    });
    const applied = (await team.admin.get(`/audit?userId=${team.ids['eve.moss']}`)).body.events[0];
    expect(applied).toMatchObject({
      action: 'deactivate',
      outcome: 'applied',
      channel: 'csv',
      actor: 'test-idp',
    });
  });

  it('within one file, reports move before their old (non-lead) manager is deactivated', async () => {
    const team = await arrange();
    const res = await team.admin.importCsv(csvFixture('move-team-then-deactivate.csv'));
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ applied: 3, refused: 0, error: 0 });
    expect((await user(team, 'dan.old')).active).toBe(false);
    expect((await user(team, 'eve.moss')).managerId).toBe(team.ids['gia.new']);
    expect((await user(team, 'finn.ray')).managerId).toBe(team.ids['gia.new']);
    expect(await t.store.users.check(team.tenantId, { repair: false })).toEqual([]);
  });

  it('reactivating a team in one file: the manager first, whatever the row order', async () => {
    const team = await arrangeTeam(t.app, t.store, [
      { userName: 'lea@example.com', active: false },
      { userName: 'max@example.com', manager: 'lea', active: false },
      { userName: 'ned@example.com', manager: 'max', active: false },
    ]);
    const csv = 'userName,Deactivated\nned@example.com,n\nmax@example.com,\nlea@example.com,N\n';
    const res = await team.admin.importCsv(csv);
    expect(res.body.summary).toMatchObject({ applied: 3, refused: 0 });
    for (const name of ['lea', 'max', 'ned']) expect((await user(team, name)).active).toBe(true);

    // And back: the whole team deactivated in one file, reports before their managers.
    const back = await team.admin.importCsv(
      'userName,Deactivated\nlea@example.com,y\nmax@example.com,y\nned@example.com,y\n',
    );
    expect(back.body.summary).toMatchObject({ applied: 3, refused: 0 });
  });

  it('the guard still judges every row: a manager whose reports stay is refused (I1), the owner too (I2)', async () => {
    const team = await arrange();
    expect((await team.admin.put('/account/owner', { userId: team.ids['jose.nunez'] })).status).toBe(200);
    const res = await team.admin.importCsv(
      'userName,Deactivated\ndan.old@example.com,y\njose.nunez@example.com,y\n',
    );
    expect(outcomes(res.body.rows)).toEqual([
      { row: 2, userName: 'dan.old@example.com', outcome: 'refused', kind: 'has-active-reports' },
      { row: 3, userName: 'jose.nunez@example.com', outcome: 'refused', kind: 'owner-protected' },
    ]);
    expect(res.body.rows[0].reason).toContain('eve.moss@example.com');
  });

  it('unknown users, bad values, repeated and malformed rows are row errors; the valid rows apply', async () => {
    const team = await arrange();
    const res = await team.admin.importCsv(csvFixture('bad-rows.csv'));
    expect(res.status).toBe(200);
    expect(outcomes(res.body.rows)).toEqual([
      { row: 2, userName: 'nobody@example.com', outcome: 'error', kind: 'not-found' },
      { row: 3, userName: 'bo.chen@example.com', outcome: 'error', kind: 'invalid-value' },
      { row: 4, userName: 'cara.diaz@example.com', outcome: 'error', kind: 'invalid-value' },
      { row: 5, userName: 'jose.nunez@example.com', outcome: 'error', kind: 'invalid-value' },
      { row: 7, userName: '', outcome: 'error', kind: 'invalid-value' },
      { row: 8, userName: 'JOSE.NUNEZ@example.com', outcome: 'error', kind: 'invalid-value' },
      { row: 9, userName: 'finn.ray@example.com', outcome: 'error', kind: 'invalid-value' },
      { row: 10, userName: 'gia.new@example.com', outcome: 'error', kind: 'invalid-value' },
      { row: 11, userName: 'eve.moss@example.com', outcome: 'applied', kind: undefined },
      { row: 12, userName: 'dan.old@example.com', outcome: 'unchanged', kind: undefined },
    ]);
    const reasons = res.body.rows.map((r: Outcome) => r.reason ?? '');
    expect(reasons[1]).toContain('Can Manage Team is "maybe"');
    expect(reasons[2]).toContain('not an email address');
    expect(reasons[3]).toContain('rows 5, 8');
    expect((await user(team, 'eve.moss')).name?.givenName).toBe('Evelyn');
    expect((await user(team, 'jose.nunez')).name?.givenName).toBe('jose');
  });

  it('an unknown Manager is a row error, and a blank one removes the manager', async () => {
    const team = await arrange();
    const res = await team.admin.importCsv(
      'userName,Manager\nbo.chen@example.com,nobody@example.com\ncara.diaz@example.com,\n',
    );
    expect(outcomes(res.body.rows)).toEqual([
      { row: 2, userName: 'bo.chen@example.com', outcome: 'error', kind: 'invalid-manager' },
      { row: 3, userName: 'cara.diaz@example.com', outcome: 'applied', kind: undefined },
    ]);
    expect((await user(team, 'bo.chen')).managerId).toBe(team.ids['ana.lima']);
    expect((await user(team, 'cara.diaz')).managerId).toBeUndefined();
  });

  it.each([
    ['an unknown column', 'userName,Deactived\nbo.chen@example.com,y\n', 'Unknown column "Deactived"'],
    ['no userName column', 'Email,Title\nx@example.com,CEO\n', 'no userName column'],
    ['a column twice', 'userName,Title,title\n', 'twice'],
    ['an empty file', '', 'empty'],
    ['an unclosed quote', 'userName,Title\nbo.chen@example.com,"Analyst\n', 'not valid CSV'],
  ])('a file with %s is refused whole (400), changing nothing', async (_what, csv, mention) => {
    const team = await arrange();
    const before = await team.admin.exportCsv();
    const res = await team.admin.importCsv(csv);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(mention);
    expect(await team.admin.exportCsv()).toBe(before);
  });

  it('more rows than one request may carry → 400 too-many; a body over 20 MB → 413; nothing changes', async () => {
    const team = await arrange();
    const before = await team.admin.exportCsv();
    const many = `userName,Title\n${'bo.chen@example.com,CEO\n'.repeat(25_001)}`;
    const tooMany = await team.admin.importCsv(many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.kind).toBe('too-many');
    const huge = `userName,Title\n${`bo.chen@example.com,${'x'.repeat(1000)}\n`.repeat(21_000)}`;
    const tooBig = await team.admin.importCsv(huge);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.kind).toBe('payload-too-large');
    expect(await team.admin.exportCsv()).toBe(before);
  });

  it('a body that is not text/csv → 415; a dryRun that is not true/false → 400', async () => {
    const team = await arrange();
    const json = await team.admin.importCsv('{"userName": "x"}', '', 'application/json');
    expect(json.status).toBe(415);
    const latin1 = await team.admin.importCsv('userName\n', '', 'text/csv; charset=iso-8859-1');
    expect(latin1.status).toBe(415);
    const dry = await team.admin.importCsv('userName\n', '?dryRun=yes');
    expect(dry.status).toBe(400);
  });
});

describe('spreadsheet export, dry run and round trip', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('export: the header and one row per user, in the columns an import reads', async () => {
    const team = await arrangeTeam(t.app, t.store, [
      ...TEAM,
      { userName: 'formula@example.com', extra: { title: '=HYPERLINK("http://evil")' } },
    ]);
    const text = await team.admin.exportCsv();
    expect(
      text.startsWith(
        '\uFEFFuserName,Given Name,Family Name,Email,Title,Manager,Can Manage Team,Deactivated\r\n',
      ),
    ).toBe(true);
    const rows = csvRows(text);
    expect(rows).toHaveLength(TEAM.length + 2);
    const byName = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byName.get('bo.chen@example.com')).toEqual([
      'bo.chen@example.com',
      'bo',
      'chen',
      'bo.chen@example.com',
      '',
      'ana.lima@example.com',
      'no',
      '',
    ]);
    expect(byName.get('ana.lima@example.com')![6]).toBe('yes');
    expect(byName.get('hal.gone@example.com')![7]).toBe('y');
    // CSV injection: a spreadsheet must not run a value as a formula.
    expect(byName.get('formula@example.com')![4]).toBe('\'=HYPERLINK("http://evil")');
  });

  it('an unedited export re-imported: every row unchanged, nothing changes', async () => {
    const team = await arrangeTeam(t.app, t.store, [
      ...TEAM,
      {
        userName: 'odd@example.com',
        extra: { title: '  Lead, "Ops"\nNight  ', name: { givenName: '-1', familyName: '@home' } },
      },
    ]);
    const before = await team.admin.exportCsv();
    const res = await team.admin.importCsv(before);
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({
      rows: TEAM.length + 1,
      applied: 0,
      unchanged: TEAM.length + 1,
      refused: 0,
      error: 0,
    });
    expect(await team.admin.exportCsv()).toBe(before);
  });

  it('dry run: the same report as the real import, ordering effects included, and nothing changes', async () => {
    const team = await arrangeTeam(t.app, t.store, TEAM);
    const sheet = Buffer.concat([
      csvFixture('move-team-then-deactivate.csv'),
      Buffer.from(
        'ana.lima@example.com,,y\r\nbo.chen@example.com,gia.new@example.com,y\r\nhal.gone@example.com,dan.old@example.com,\r\n',
      ),
    ]);
    const before = await team.admin.exportCsv();
    const auditBefore = (await team.admin.get('/audit')).body.events;

    const dry = await team.admin.importCsv(sheet, '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    expect(await team.admin.exportCsv()).toBe(before);
    expect((await team.admin.get('/audit')).body.events).toEqual(auditBefore);

    const real = await team.admin.importCsv(sheet);
    expect(real.body.rows).toEqual(dry.body.rows);
    expect(real.body.summary).toEqual(dry.body.summary);
    // hal would report to dan, whom the same file deactivates: the I1 refusal falls on dan.
    expect(outcomes(real.body.rows)).toEqual([
      { row: 2, userName: 'dan.old@example.com', outcome: 'refused', kind: 'has-active-reports' },
      { row: 3, userName: 'eve.moss@example.com', outcome: 'applied', kind: undefined },
      { row: 4, userName: 'finn.ray@example.com', outcome: 'applied', kind: undefined },
      { row: 5, userName: 'ana.lima@example.com', outcome: 'refused', kind: 'team-lead-in-bulk' },
      { row: 6, userName: 'bo.chen@example.com', outcome: 'applied', kind: undefined },
      { row: 7, userName: 'hal.gone@example.com', outcome: 'applied', kind: undefined },
    ]);
    expect(await team.admin.exportCsv()).not.toBe(before);
  });

  function outcomes(rows: Outcome[]) {
    return rows.map(({ row, userName, outcome, kind }) => ({ row, userName, outcome, kind }));
  }
});
