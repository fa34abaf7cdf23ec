/**
 * Issue 16: the spreadsheet holds the same caps as SCIM (src/domain/limits.ts), so an export always
 * re-imports, and an upload that is not UTF-8 is refused rather than read as U+FFFD.
 */
import { STRING_LIMITS } from '../../src/domain/limits';
import { startTestApp, type TestApp } from '../harness/app';
import { arrangeTeam } from './admin-support';

describe('spreadsheet import: limits and encoding', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('an export whose every cell is at its cap re-imports unchanged', async () => {
    const local = 'ä'.repeat(STRING_LIMITS.email - '@x.com'.length);
    const longest = `${local}@x.com`;
    const text = (c: string) => c.repeat(STRING_LIMITS.text);
    const team = await arrangeTeam(t.app, t.store, [
      { userName: 'lead@x.com', lead: true },
      {
        userName: longest,
        manager: 'lead',
        // Characters outside the BMP: two UTF-16 units, four UTF-8 bytes each.
        extra: { name: { givenName: text('😀'), familyName: text('"') }, title: text('=') },
      },
    ]);
    const csv = await team.admin.exportCsv();
    const res = await team.admin.importCsv(csv);
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ rows: 2, applied: 0, unchanged: 2, refused: 0, error: 0 });
  });

  it('a row over a cap is that row’s error; the file and its other rows still apply', async () => {
    const team = await arrangeTeam(t.app, t.store, [{ userName: 'a@x.com' }, { userName: 'b@x.com' }]);
    // A 70 KB title (written before the caps existed) made the whole file un-importable.
    const csv = `userName,Title\r\na@x.com,"${'t'.repeat(70_000)}"\r\nb@x.com,Engineer\r\n`;
    const res = await team.admin.importCsv(csv);
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ rows: 2, applied: 1, error: 1 });
    expect(res.body.rows[0].reason).toMatch(/title is longer than 1024 characters/);
  });

  it('refuses a file that is not UTF-8 with 400, changing nothing', async () => {
    const team = await arrangeTeam(t.app, t.store, [{ userName: 'jose@x.com' }]);
    // "José" saved as Windows-1252: é is the lone byte 0xE9.
    const latin1 = Buffer.concat([
      Buffer.from('userName,Given Name\r\njose@x.com,Jos'),
      Buffer.from([0xe9]),
      Buffer.from('\r\n'),
    ]);
    const res = await team.admin.importCsv(latin1);
    expect(res.status).toBe(400);
    expect(res.body.error.kind).toBe('invalid-value');
    expect(res.body.error.message).toMatch(/not valid UTF-8 .*CSV UTF-8/);
    const jose = await t.store.users.byId(team.tenantId, team.ids.jose!);
    expect(jose!.name?.givenName).toBe('jose');
  });
});
