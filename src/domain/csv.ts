import { RosterError, type RosterErrorKind } from './errors';
import { changedEdits, readProfileText, type ProfileEdits, type ProfileView } from './profile-edits';

/**
 * The bulk update spreadsheet (seed article: "bulk update"; docs/contract.md POST /api/v1/users/import):
 * one row per existing user, keyed by userName. This module is the sheet's rules as pure
 * functions: which columns exist, what a cell may hold, what a row asks for compared with the
 * user as stored, which rows are refused outright, and the order the changes apply in. Reading
 * the CSV syntax and writing to the store happen elsewhere (src/admin/spreadsheet/).
 */

/** The columns, in the order an export writes them. */
export const SHEET_COLUMNS = [
  { field: 'userName', header: 'userName' },
  { field: 'givenName', header: 'Given Name' },
  { field: 'familyName', header: 'Family Name' },
  { field: 'email', header: 'Email' },
  { field: 'title', header: 'Title' },
  { field: 'manager', header: 'Manager' },
  { field: 'canManageTeam', header: 'Can Manage Team' },
  { field: 'deactivated', header: 'Deactivated' },
] as const;

export type SheetField = (typeof SHEET_COLUMNS)[number]['field'];

/** The article's reason, word for word where it can be: the admin reading it knows the article. */
export const TEAM_LEAD_IN_BULK_REASON =
  "Users who can manage a team can't be deactivated through the bulk process; reassign their direct reports, then deactivate them from the Manage Team page.";

/** Which field each column of a file holds, in the file's order. */
export interface SheetHeader {
  readonly fields: readonly SheetField[];
}

/** A data row as written. An absent key is a column the file does not have; null is a blank cell. */
export interface SheetRow {
  /** The row number a spreadsheet shows: the header is row 1. */
  readonly row: number;
  readonly userName: string;
  readonly givenName?: string | null;
  readonly familyName?: string | null;
  readonly email?: string | null;
  readonly title?: string | null;
  /** The manager's userName; null removes the manager. */
  readonly manager?: string | null;
  readonly canManageTeam?: boolean;
  readonly deactivated?: boolean;
}

export type RowOutcomeKind = 'applied' | 'unchanged' | 'refused' | 'error';

/** One line of the import report. `reason` (and the error kind) for refused and error rows. */
export interface RowOutcome {
  readonly row: number;
  readonly userName: string;
  readonly outcome: RowOutcomeKind;
  readonly kind?: RosterErrorKind;
  readonly reason?: string;
}

/** The user a row names, as stored. */
export interface SheetSubject {
  readonly id: string;
  readonly view: ProfileView;
}

/** What a row changes, once checked against its user; applied through the lifecycle guard. */
export interface SheetChange {
  readonly row: number;
  readonly userName: string;
  readonly userId: string;
  /** Only the fields that differ from the stored user. */
  readonly edits: ProfileEdits;
  /** The user's manager once the row applies (ordering follows reporting lines). */
  readonly managerIdAfter: string | null;
  readonly deactivates: boolean;
}

/** Header names compare ignoring case and white space: "Given Name", "givenname", " GIVEN  NAME ". */
const fold = (header: string) => header.replace(/\s+/g, '').toLowerCase();
const FIELD_BY_HEADER = new Map<string, SheetField>(SHEET_COLUMNS.map((c) => [fold(c.header), c.field]));

/**
 * The header row. A column Roster does not know is refused rather than ignored: a misspelt
 * "Deactived" column silently doing nothing is worse than a file sent back.
 */
export function readSheetHeader(cells: readonly string[]): SheetHeader {
  const expected = `Expected columns: ${SHEET_COLUMNS.map((c) => c.header).join(', ')} (only userName is required).`;
  // Trailing empty header cells are what spreadsheets leave after deleting columns.
  let width = cells.length;
  while (width > 0 && cells[width - 1]!.trim() === '') width -= 1;
  const fields: SheetField[] = [];
  const unknown: string[] = [];
  for (const [i, cell] of cells.slice(0, width).entries()) {
    if (cell.trim() === '') {
      throw new RosterError('invalid-value', `Column ${i + 1} of the header has no name. ${expected}`);
    }
    const field = FIELD_BY_HEADER.get(fold(cell));
    if (field === undefined) unknown.push(cell.trim());
    else if (fields.includes(field)) {
      throw new RosterError('invalid-value', `The header has the column "${cell.trim()}" twice. ${expected}`);
    } else fields.push(field);
  }
  if (unknown.length > 0) {
    // Spreadsheet programs in many locales save "CSV" with semicolons.
    const delimiter = unknown.some((c) => c.includes(';'))
      ? ' The file seems to use ";" between columns: save it as CSV UTF-8 (comma delimited).'
      : '';
    throw new RosterError(
      'invalid-value',
      `Unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((c) => `"${c}"`).join(', ')}. ${expected}${delimiter}`,
    );
  }
  if (!fields.includes('userName')) {
    throw new RosterError('invalid-value', `The header has no userName column. ${expected}`);
  }
  return { fields };
}

export type RowRead =
  { readonly ok: true; readonly row: SheetRow } | { readonly ok: false; readonly outcome: RowOutcome };

/** True for a row with nothing in it (blank lines, ",,,,"): skipped, not reported. */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** One data row: its cells checked against their columns. A bad cell makes the whole row an error. */
export function readSheetRow(header: SheetHeader, written: readonly string[], row: number): RowRead {
  const cells = written.map(withoutFormulaGuard);
  const userNameAt = header.fields.indexOf('userName');
  const userName = (cells[userNameAt] ?? '').trim();
  const error = (reason: string): RowRead => ({
    ok: false,
    outcome: { row, userName, outcome: 'error', kind: 'invalid-value', reason },
  });
  if (cells.length < header.fields.length) {
    return error(`The row has ${cells.length} cells, but the header has ${header.fields.length} columns.`);
  }
  if (cells.slice(header.fields.length).some((cell) => cell.trim() !== '')) {
    return error(`The row has values beyond the ${header.fields.length} columns of the header.`);
  }
  if (userName === '') return error('userName is blank; every row names an existing user by userName.');

  const read: { -readonly [K in keyof SheetRow]: SheetRow[K] } = { row, userName };
  try {
    for (const [i, field] of header.fields.entries()) {
      const cell = cells[i] ?? '';
      switch (field) {
        case 'userName':
          break;
        case 'givenName':
        case 'familyName':
        case 'email':
        case 'title':
          read[field] = readProfileText(field, cell);
          break;
        case 'manager':
          read.manager = cell.trim() === '' ? null : cell.trim();
          break;
        case 'canManageTeam':
          read.canManageTeam = yesNo('Can Manage Team', cell);
          break;
        case 'deactivated':
          read.deactivated = yesNo('Deactivated', cell);
          break;
      }
    }
  } catch (err) {
    if (err instanceof RosterError) return error(err.detail);
    throw err;
  }
  return { ok: true, row: read };
}

/**
 * CSV injection: a cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
 * tab or carriage return) is exported with a `'` in front, which spreadsheets show as text.
 * Reading drops one such `'` again; a value that itself starts with `'` before one of those
 * characters gets one more, so every value survives export → import unchanged.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

function withFormulaGuard(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function withoutFormulaGuard(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell;
}

const YES = new Set(['y', 'yes', 'true']);
const NO = new Set(['', 'n', 'no', 'false']);

function yesNo(column: string, cell: string): boolean {
  const token = cell.trim().toLowerCase();
  if (YES.has(token)) return true;
  if (NO.has(token)) return false;
  throw new RosterError(
    'invalid-value',
    `${column} is "${cell.trim()}"; write y or n (or leave it blank for n).`,
  );
}

/**
 * Rows naming the same user more than once are all errors: which of them the admin meant is
 * not the server's guess to make. `keyOf` is the store's userName key (case-insensitive, docs/contract.md).
 */
export function rejectRepeatedUsers(
  rows: readonly SheetRow[],
  keyOf: (userName: string) => string,
): { rows: SheetRow[]; outcomes: RowOutcome[] } {
  const rowsByKey = new Map<string, number[]>();
  for (const row of rows) {
    const key = keyOf(row.userName);
    rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), row.row]);
  }
  const kept: SheetRow[] = [];
  const outcomes: RowOutcome[] = [];
  for (const row of rows) {
    const seen = rowsByKey.get(keyOf(row.userName))!;
    if (seen.length === 1) kept.push(row);
    else {
      outcomes.push({
        row: row.row,
        userName: row.userName,
        outcome: 'error',
        kind: 'invalid-value',
        reason: `userName "${row.userName}" is on rows ${seen.join(', ')}; keep one row per user.`,
      });
    }
  }
  return { rows: kept, outcomes };
}

/**
 * A row against the user it names. `subject` is the stored user (undefined: no such userName);
 * `managerIdOf` resolves a Manager cell's userName (undefined: no such user). The outcome is
 * settled here for unknown users and managers, for rows that change nothing, and for the
 * article's team-lead rule; any other row is a change for the guard to judge.
 */
export function planSheetRow(
  row: SheetRow,
  subject: SheetSubject | undefined,
  managerIdOf: (userName: string) => string | undefined,
): SheetChange | RowOutcome {
  const { userName } = row;
  if (subject === undefined) {
    return {
      row: row.row,
      userName,
      outcome: 'error',
      kind: 'not-found',
      reason: `No user has the userName "${userName}" in this account; the spreadsheet updates existing users only.`,
    };
  }
  let managerId: string | null | undefined;
  if (typeof row.manager === 'string') {
    managerId = managerIdOf(row.manager);
    if (managerId === undefined) {
      return {
        row: row.row,
        userName,
        outcome: 'error',
        kind: 'invalid-manager',
        reason: `Manager "${row.manager}" is not the userName of a user in this account.`,
      };
    }
  } else managerId = row.manager;

  const edits = changedEdits(subject.view, {
    givenName: row.givenName,
    familyName: row.familyName,
    email: row.email,
    title: row.title,
    managerId,
    canManageTeam: row.canManageTeam,
    active: row.deactivated === undefined ? undefined : !row.deactivated,
  });
  if (Object.keys(edits).length === 0) return { row: row.row, userName, outcome: 'unchanged' };

  const deactivates = subject.view.active && edits.active === false;
  // Seed article, bulk process note: a team lead stays a team lead for this rule even if the same
  // row takes the setting away, or the rule would be one extra cell away from being bypassed.
  if (deactivates && (subject.view.canManageTeam || edits.canManageTeam === true)) {
    return {
      row: row.row,
      userName,
      outcome: 'refused',
      kind: 'team-lead-in-bulk',
      reason: TEAM_LEAD_IN_BULK_REASON,
    };
  }
  return {
    row: row.row,
    userName,
    userId: subject.id,
    edits,
    managerIdAfter: edits.managerId !== undefined ? edits.managerId : subject.view.managerId,
    deactivates,
  };
}

/**
 * The order a file's changes apply in. Manager changes, reactivations and edits first, then
 * deactivations, so a sheet that moves a team and deactivates its old manager works (seed
 * article: reassign, then deactivate). Within the first group a manager goes before the users
 * who will report to them (reactivate the lead, then the team: I1); within the second, reports go
 * before their manager (deactivate the team, then the lead). Otherwise the file's order holds.
 */
export function applicationOrder(changes: readonly SheetChange[]): SheetChange[] {
  const first = changes.filter((c) => !c.deactivates);
  const last = changes.filter((c) => c.deactivates);
  const down = depths(first);
  const up = depths(last);
  return [
    ...[...first].sort((a, b) => down.get(a)! - down.get(b)!),
    ...[...last].sort((a, b) => up.get(b)! - up.get(a)!),
  ];
}

/** How many of a change's managers (walking up) are changed in the same group. Cycles stop the walk. */
function depths(group: readonly SheetChange[]): Map<SheetChange, number> {
  const byUser = new Map(group.map((c) => [c.userId, c]));
  const depth = new Map<SheetChange, number>();
  for (const change of group) {
    let steps = 0;
    const seen = new Set<string>([change.userId]);
    let above = change.managerIdAfter === null ? undefined : byUser.get(change.managerIdAfter);
    while (above !== undefined && !seen.has(above.userId)) {
      seen.add(above.userId);
      steps += 1;
      above = above.managerIdAfter === null ? undefined : byUser.get(above.managerIdAfter);
    }
    depth.set(change, steps);
  }
  return depth;
}

/** Guard refusals (I1, I2, I3, the bulk rule) are "refused"; anything else wrong with a row is an "error". */
const REFUSAL_KINDS: ReadonlySet<RosterErrorKind> = new Set<RosterErrorKind>([
  'has-active-reports',
  'owner-protected',
  'inactive-manager',
  'incomplete-profile',
  'team-lead-in-bulk',
]);

/** The report line for a change the store (or its dry run) would not make. */
export function outcomeOfRefusal(change: SheetChange, error: RosterError): RowOutcome {
  return {
    row: change.row,
    userName: change.userName,
    outcome: REFUSAL_KINDS.has(error.kind) ? 'refused' : 'error',
    kind: error.kind,
    reason: error.detail,
  };
}

/**
 * A user as an export row: the cells an import compares with, each guarded against running as a
 * formula, so export → import changes nothing.
 */
export interface SheetUser {
  readonly userName: string;
  readonly view: ProfileView;
  readonly managerUserName: string | null;
}

export function sheetCells({ userName, view, managerUserName }: SheetUser): string[] {
  const cells: Record<SheetField, string> = {
    userName,
    givenName: view.givenName ?? '',
    familyName: view.familyName ?? '',
    email: view.email ?? '',
    title: view.title ?? '',
    manager: managerUserName ?? '',
    canManageTeam: view.canManageTeam ? 'yes' : 'no',
    deactivated: view.active ? '' : 'y',
  };
  return SHEET_COLUMNS.map((c) => withFormulaGuard(cells[c.field]));
}
