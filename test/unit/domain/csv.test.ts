import fc from 'fast-check';
import {
  applicationOrder,
  isBlankRow,
  outcomeOfRefusal,
  planSheetRow,
  readSheetHeader,
  readSheetRow,
  rejectRepeatedUsers,
  RosterError,
  SHEET_COLUMNS,
  sheetCells,
  TEAM_LEAD_IN_BULK_REASON,
  type ProfileView,
  type SheetChange,
  type SheetHeader,
  type SheetRow,
} from '../../../src/domain';

/** The bulk spreadsheet's rules (src/domain/csv.ts): header, cells, rows against users, order. */

const FULL_HEADER = SHEET_COLUMNS.map((c) => c.header);
const full = readSheetHeader(FULL_HEADER);
const fold = (userName: string) => userName.toLowerCase();

const VIEW: ProfileView = {
  givenName: 'Ana',
  familyName: 'Lima',
  email: 'ana@x.com',
  title: null,
  managerId: 'boss',
  canManageTeam: false,
  active: true,
};
const subject = (view: Partial<ProfileView> = {}) => ({ id: 'ana', view: { ...VIEW, ...view } });
const managers: Record<string, string> = { 'boss@x.com': 'boss', 'gia@x.com': 'gia' };
const managerIdOf = (userName: string) => managers[userName];

function row(cells: Partial<Record<string, string>>, header: SheetHeader = full, number = 2): SheetRow {
  const read = readSheetRow(
    header,
    header.fields.map((f) => cells[f] ?? ''),
    number,
  );
  if (!read.ok) throw new Error(`unexpected row error: ${read.outcome.reason}`);
  return read.row;
}

describe('readSheetHeader', () => {
  it('reads the export header, and the same names in any case or spacing, in any order', () => {
    expect(full.fields).toEqual(SHEET_COLUMNS.map((c) => c.field));
    expect(readSheetHeader([' DEACTIVATED ', 'username', 'GivenName', 'can  manage team']).fields).toEqual([
      'deactivated',
      'userName',
      'givenName',
      'canManageTeam',
    ]);
  });

  it('ignores empty header cells at the end (deleted columns)', () => {
    expect(readSheetHeader(['userName', 'Title', '', ' ']).fields).toEqual(['userName', 'title']);
  });

  it.each([
    [['userName', 'Deactived'], 'Unknown column "Deactived"'],
    [['Email', 'Title'], 'no userName column'],
    [['userName', 'Title', 'TITLE'], 'twice'],
    [['userName', '', 'Title'], 'Column 2 of the header has no name'],
    [[''], 'no userName column'],
    [['userName;Title'], 'save it as CSV UTF-8 (comma delimited)'],
  ])('refuses %j: %s', (cells, message) => {
    expect(() => readSheetHeader(cells)).toThrow(message);
    try {
      readSheetHeader(cells);
    } catch (err) {
      expect((err as RosterError).kind).toBe('invalid-value');
    }
  });
});

describe('readSheetRow', () => {
  it('reads each column: trimmed text, blank as null, y/n flags in any case', () => {
    expect(
      row({
        userName: ' ana@x.com ',
        givenName: ' Ana ',
        familyName: '',
        email: 'ana@x.com',
        title: 'Head of "Sales"\nEMEA',
        manager: 'gia@x.com',
        canManageTeam: 'YES',
        deactivated: '',
      }),
    ).toEqual({
      row: 2,
      userName: 'ana@x.com',
      givenName: 'Ana',
      familyName: null,
      email: 'ana@x.com',
      title: 'Head of "Sales"\nEMEA',
      manager: 'gia@x.com',
      canManageTeam: true,
      deactivated: false,
    });
  });

  it.each([
    ['y', true],
    ['Yes', true],
    ['TRUE', true],
    ['n', false],
    ['no', false],
    ['False', false],
    ['', false],
    ['  y ', true],
  ])('Deactivated %j → %s', (cell, deactivated) => {
    expect(row({ userName: 'a', deactivated: cell }).deactivated).toBe(deactivated);
  });

  it('a column the file does not have is absent from the row (the field stays as it is)', () => {
    const header = readSheetHeader(['userName', 'Title']);
    expect(row({ userName: 'a', title: 'CEO' }, header)).toEqual({ row: 2, userName: 'a', title: 'CEO' });
  });

  const three = ['userName', 'Can Manage Team', 'Email'];
  it.each([
    ['a blank userName', three, ['', 'no', 'a@x.com'], 'userName is blank'],
    ['a flag that is not y/n', three, ['ana@x.com', 'maybe', 'a@x.com'], 'Can Manage Team is "maybe"'],
    ['an email that is not one', three, ['ana@x.com', 'no', 'ana at x.com'], 'not an email address'],
    ['too few cells', three, ['ana@x.com', 'no'], 'has 2 cells'],
    ['values beyond the header', three, ['ana@x.com', 'no', 'a@x.com', 'extra'], 'beyond the 3 columns'],
    [
      'a title of 1025 characters',
      ['userName', 'Title'],
      ['ana@x.com', 'x'.repeat(1025)],
      'longer than 1024',
    ],
  ])('%s is a row error naming the problem', (_what, header, cells, reason) => {
    const read = readSheetRow(readSheetHeader(header), cells, 7);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.outcome).toMatchObject({ row: 7, outcome: 'error', kind: 'invalid-value' });
    expect(read.outcome.reason).toContain(reason);
  });

  it('blank cells beyond the header are allowed (spreadsheets pad rows)', () => {
    const read = readSheetRow(readSheetHeader(['userName']), ['ana@x.com', '', ' '], 2);
    expect(read.ok).toBe(true);
  });

  it('drops the apostrophe an export puts before a formula', () => {
    expect(
      row({ userName: "'=ana", title: "'@home", givenName: "'-1", familyName: "'O'Brien" }),
    ).toMatchObject({
      userName: '=ana',
      title: '@home',
      givenName: '-1',
      familyName: "'O'Brien",
    });
  });

  it('isBlankRow: rows of empty cells only', () => {
    expect(isBlankRow([''])).toBe(true);
    expect(isBlankRow(['', ' ', ''])).toBe(true);
    expect(isBlankRow(['', 'x'])).toBe(false);
  });
});

describe('rejectRepeatedUsers', () => {
  it('every row of a userName that appears more than once (ignoring case) is an error naming the rows', () => {
    const rows = [
      row({ userName: 'a@x.com' }, full, 2),
      row({ userName: 'b@x.com' }, full, 3),
      row({ userName: 'A@X.com' }, full, 4),
    ];
    const { rows: kept, outcomes } = rejectRepeatedUsers(rows, fold);
    expect(kept.map((r) => r.userName)).toEqual(['b@x.com']);
    expect(outcomes).toEqual([
      expect.objectContaining({ row: 2, outcome: 'error', reason: expect.stringContaining('rows 2, 4') }),
      expect.objectContaining({ row: 4, userName: 'A@X.com', outcome: 'error' }),
    ]);
  });
});

describe('planSheetRow', () => {
  const header = readSheetHeader(['userName', 'Title', 'Manager', 'Can Manage Team', 'Deactivated']);
  const plan = (cells: Record<string, string>, view: Partial<ProfileView> = {}) =>
    planSheetRow(
      row({ userName: 'ana@x.com', manager: 'boss@x.com', ...cells }, header),
      subject(view),
      managerIdOf,
    );

  it('a row that restates the user is unchanged', () => {
    expect(plan({})).toEqual({ row: 2, userName: 'ana@x.com', outcome: 'unchanged' });
  });

  it('a change carries only the fields that differ, and where the user will report', () => {
    expect(plan({ title: 'CEO', manager: 'gia@x.com' })).toEqual({
      row: 2,
      userName: 'ana@x.com',
      userId: 'ana',
      edits: { title: 'CEO', managerId: 'gia' },
      managerIdAfter: 'gia',
      deactivates: false,
    });
    expect(plan({ manager: '' })).toMatchObject({ edits: { managerId: null }, managerIdAfter: null });
  });

  it('y on an active user deactivates; blank on a deactivated one reactivates', () => {
    expect(plan({ deactivated: 'y' })).toMatchObject({ edits: { active: false }, deactivates: true });
    expect(plan({ deactivated: '' }, { active: false })).toMatchObject({
      edits: { active: true },
      deactivates: false,
    });
  });

  it('an unknown user or manager is a row error', () => {
    expect(planSheetRow(row({ userName: 'x@x.com' }, header), undefined, managerIdOf)).toMatchObject({
      outcome: 'error',
      kind: 'not-found',
    });
    expect(plan({ manager: 'nobody@x.com' })).toMatchObject({
      outcome: 'error',
      kind: 'invalid-manager',
      reason: expect.stringContaining('"nobody@x.com"'),
    });
  });

  it.each([
    ['a team lead', {}, { deactivated: 'y' }],
    ['a team lead the same row demotes', {}, { deactivated: 'y', canManageTeam: 'no' }],
    ['a user the same row promotes', { canManageTeam: false }, { deactivated: 'y', canManageTeam: 'yes' }],
  ])('deactivating %s is refused with the article reason', (_who, view, cells) => {
    const lead = { canManageTeam: true, ...view };
    expect(plan({ canManageTeam: 'yes', ...cells }, lead)).toEqual({
      row: 2,
      userName: 'ana@x.com',
      outcome: 'refused',
      kind: 'team-lead-in-bulk',
      reason: TEAM_LEAD_IN_BULK_REASON,
    });
  });

  it('a team lead may still be edited, reactivated or demoted in bulk', () => {
    expect(plan({ canManageTeam: 'yes', title: 'Lead' }, { canManageTeam: true })).toMatchObject({
      edits: { title: 'Lead' },
    });
    expect(plan({ canManageTeam: 'yes' }, { canManageTeam: true, active: false })).toMatchObject({
      edits: { active: true },
    });
    expect(plan({ canManageTeam: 'no' }, { canManageTeam: true })).toMatchObject({
      edits: { canManageTeam: false },
    });
  });
});

describe('applicationOrder', () => {
  const change = (
    userId: string,
    managerIdAfter: string | null,
    deactivates: boolean,
    n: number,
  ): SheetChange => ({
    row: n,
    userName: `${userId}@x.com`,
    userId,
    edits: deactivates ? { active: false } : { active: true },
    managerIdAfter,
    deactivates,
  });
  const order = (changes: SheetChange[]) => applicationOrder(changes).map((c) => c.userId);

  it('every non-deactivating row before every deactivation, otherwise in file order', () => {
    expect(
      order([
        change('a', null, true, 2),
        change('b', null, false, 3),
        change('c', null, true, 4),
        change('d', null, false, 5),
      ]),
    ).toEqual(['b', 'd', 'a', 'c']);
  });

  it('reactivations: a manager before the users who will report to them', () => {
    expect(
      order([change('ned', 'max', false, 2), change('max', 'lea', false, 3), change('lea', null, false, 4)]),
    ).toEqual(['lea', 'max', 'ned']);
  });

  it('deactivations: reports before their manager', () => {
    expect(
      order([change('lea', null, true, 2), change('max', 'lea', true, 3), change('ned', 'max', true, 4)]),
    ).toEqual(['ned', 'max', 'lea']);
  });

  it('a reporting cycle in the file does not stop the ordering (the guard refuses the cycle itself)', () => {
    expect(order([change('a', 'b', false, 2), change('b', 'a', false, 3)]).sort()).toEqual(['a', 'b']);
  });
});

describe('outcomeOfRefusal', () => {
  const pending = {
    row: 9,
    userName: 'ana@x.com',
    userId: 'ana',
    edits: {},
    managerIdAfter: null,
    deactivates: true,
  };
  it.each([
    ['has-active-reports', 'refused'],
    ['owner-protected', 'refused'],
    ['inactive-manager', 'refused'],
    ['incomplete-profile', 'refused'],
    ['invalid-manager', 'error'],
    ['not-found', 'error'],
    ['write-conflict', 'error'],
  ] as const)('%s → %s', (kind, outcome) => {
    expect(outcomeOfRefusal(pending, new RosterError(kind, 'why'))).toEqual({
      row: 9,
      userName: 'ana@x.com',
      outcome,
      kind,
      reason: 'why',
    });
  });
});

describe('sheetCells', () => {
  it('writes a user in the export columns', () => {
    expect(
      sheetCells({
        userName: 'ana@x.com',
        view: { ...VIEW, canManageTeam: true, active: false },
        managerUserName: 'boss@x.com',
      }),
    ).toEqual(['ana@x.com', 'Ana', 'Lima', 'ana@x.com', '', 'boss@x.com', 'yes', 'y']);
  });

  it('property: any user exported and read back as a row is unchanged', () => {
    const text = fc.option(
      fc
        .string({ minLength: 1, maxLength: 40 })
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      { nil: null },
    );
    const email = fc.option(fc.emailAddress(), { nil: null });
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s !== ''),
        fc.record({ givenName: text, familyName: text, email, title: text }),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.constantFrom('boss@x.com', 'gia@x.com'), { nil: null }),
        (userName, texts, canManageTeam, active, managerUserName) => {
          const view: ProfileView = {
            ...texts,
            managerId: managerUserName === null ? null : managerIdOf(managerUserName)!,
            canManageTeam,
            active,
          };
          const read = readSheetRow(full, sheetCells({ userName, view, managerUserName }), 2);
          expect(read.ok).toBe(true);
          if (!read.ok) return;
          expect(read.row.userName).toBe(userName);
          expect(planSheetRow(read.row, { id: 'u', view }, managerIdOf)).toMatchObject({
            outcome: 'unchanged',
          });
        },
      ),
    );
  });
});
