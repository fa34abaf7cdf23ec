import {
  isBlankRow,
  readSheetHeader,
  readSheetRow,
  RosterError,
  type Actor,
  type RowOutcome,
  type SheetHeader,
  type SheetRow,
} from '../../domain';
import type { SheetProgress, SheetReport, Store } from '../../store';

/** Rows one request may carry; the 10,000 with room to spare, and a bound on what a request holds. */
const MAX_SHEET_ROWS = 25_000;

/**
 * The bulk spreadsheet (docs/contract.md POST /api/v1/users/import): the whole file is read and
 * checked first (a syntax error changes nothing), then the store applies it, or runs it dry
 * (`store.users.applySheet`, src/store/users/sheet-application.ts), and its report is the answer.
 */
export async function importSpreadsheet(
  store: Store,
  tenantId: string,
  records: AsyncIterable<string[]>,
  opts: { dryRun: boolean; actor: Actor; onProgress: (progress: SheetProgress) => void },
): Promise<SheetReport> {
  return store.users.applySheet(tenantId, await readSheet(records), opts);
}

/** The header, then every data row read against it; blank rows are skipped (they keep their numbers). */
async function readSheet(
  records: AsyncIterable<string[]>,
): Promise<{ rows: SheetRow[]; unreadable: RowOutcome[] }> {
  let header: SheetHeader | undefined;
  let number = 0;
  const rows: SheetRow[] = [];
  const unreadable: RowOutcome[] = [];
  for await (const cells of records) {
    number += 1;
    if (header === undefined) {
      header = readSheetHeader(cells);
      continue;
    }
    if (isBlankRow(cells)) continue;
    if (rows.length + unreadable.length === MAX_SHEET_ROWS) {
      throw new RosterError(
        'too-many',
        `The file has more than ${MAX_SHEET_ROWS} rows; split it into smaller files.`,
      );
    }
    const read = readSheetRow(header, cells, number);
    if (read.ok) rows.push(read.row);
    else unreadable.push(read.outcome);
  }
  if (header === undefined) {
    throw new RosterError(
      'invalid-value',
      'The file is empty; its first row must be the header (userName, ...).',
    );
  }
  return { rows, unreadable };
}
