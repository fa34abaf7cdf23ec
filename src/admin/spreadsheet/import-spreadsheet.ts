import {
  applicationOrder,
  isBlankRow,
  outcomeOfRefusal,
  planSheetRow,
  readSheetHeader,
  readSheetRow,
  rejectRepeatedUsers,
  RosterError,
  TEAM_LEAD_IN_BULK_REASON,
  type Actor,
  type RowOutcome,
  type SheetChange,
  type SheetHeader,
  type SheetRow,
  type UserRef,
} from '../../domain';
import { type Store, userDryRun, type UserDocument, userNameKey } from '../../store';
import { applyProfileEdits, profileViewOf } from '../users/user-profile';

/** Rows one request may carry; the 10,000 with room to spare, and a bound on what a request holds. */
const MAX_SHEET_ROWS = 25_000;
/**
 * Rows whose users are looked up together: one `$in` query on the userName key per batch, never
 * the whole tenant. An index range per key on MongoDB; on FerretDB, which serves only `_id`
 * equality without a scan (docs/store.md), one collection scan per batch, hence batches this big.
 */
const LOOKUP_BATCH = 2_000;
const PROGRESS_EVERY = 1_000;

export interface ImportSummary {
  rows: number;
  applied: number;
  unchanged: number;
  refused: number;
  error: number;
}

export interface ImportReport {
  dryRun: boolean;
  summary: ImportSummary;
  /** Every data row's outcome, in file order. */
  rows: RowOutcome[];
}

export interface ImportProgress {
  rows: number;
  applied: number;
  refused: number;
}

/**
 * The bulk spreadsheet (docs/contract.md POST /api/v1/users/import). The whole file is read and
 * checked first (a syntax error changes nothing); users are then looked up a batch of rows at a
 * time by userName; each row is settled by the sheet's rules (src/domain/csv.ts) or becomes a
 * change, and the changes apply in the sheet's order (manager changes and reactivations before
 * deactivations) through the store's guarded `update` on the `csv` channel, one ordinary write
 * per row: a refused row leaves the others alone.
 *
 * A dry run is the same code with the store's dry run (src/store/users/dry-run.ts) in place of
 * the store's writes: it remembers what it would have written, so its report predicts the real
 * one, ordering effects within the file included.
 */
export async function importSpreadsheet(
  store: Store,
  tenantId: string,
  records: AsyncIterable<string[]>,
  opts: { dryRun: boolean; actor: Actor; onProgress: (progress: ImportProgress) => void },
): Promise<ImportReport> {
  const outcomes: RowOutcome[] = [];
  const summary: ImportSummary = { rows: 0, applied: 0, unchanged: 0, refused: 0, error: 0 };
  const settle = (outcome: RowOutcome) => {
    outcomes.push(outcome);
    summary.rows += 1;
    summary[outcome.outcome] += 1;
    if (summary.rows % PROGRESS_EVERY === 0) {
      opts.onProgress({ rows: summary.rows, applied: summary.applied, refused: summary.refused });
    }
  };

  const { rows, unreadable } = await readSheet(records);
  unreadable.forEach(settle);
  const distinct = rejectRepeatedUsers(rows, userNameKey);
  distinct.outcomes.forEach(settle);

  const changes: SheetChange[] = [];
  for (let at = 0; at < distinct.rows.length; at += LOOKUP_BATCH) {
    const planned = await planRows(store, tenantId, distinct.rows.slice(at, at + LOOKUP_BATCH));
    for (const { plan, user } of planned) {
      if (!('outcome' in plan)) {
        changes.push(plan);
        continue;
      }
      // The bulk rule is the sheet's, not the store guard's: the audit trail records it all the same.
      if (plan.kind === 'team-lead-in-bulk' && user && !opts.dryRun) {
        const refusal = new RosterError('team-lead-in-bulk', TEAM_LEAD_IN_BULK_REASON);
        await store.audit.refused(tenantId, opts.actor, 'deactivate', user, refusal);
      }
      settle(plan);
    }
  }

  const update = opts.dryRun
    ? userDryRun({ reads: store.users, tenants: store.tenants }).update
    : store.users.update;
  for (const change of applicationOrder(changes))
    settle(await applyChange(update, tenantId, change, opts.actor));

  outcomes.sort((a, b) => a.row - b.row);
  return { dryRun: opts.dryRun, summary, rows: outcomes };
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

/** One batch of rows against their users and managers, read with one query by userName key. */
async function planRows(
  store: Store,
  tenantId: string,
  rows: readonly SheetRow[],
): Promise<{ plan: SheetChange | RowOutcome; user: UserRef | undefined }[]> {
  const names = rows.flatMap((row) =>
    typeof row.manager === 'string' ? [row.userName, row.manager] : [row.userName],
  );
  const byKey = await usersByUserName(store, tenantId, names);
  const userOf = (userName: string) => byKey.get(userNameKey(userName));

  // A blank Manager cell matches a reference to a user who was deleted: the export shows none.
  const blankedRefs = rows.flatMap((row) =>
    row.manager === null ? [userOf(row.userName)?.managerId ?? ''] : [],
  );
  const existing = new Set([...byKey.values()].map((u) => u._id));
  const unknownRefs = [...new Set(blankedRefs)].filter((id) => id !== '' && !existing.has(id));
  for (const manager of await store.users.byIds(tenantId, unknownRefs)) existing.add(manager._id);

  return rows.map((row) => {
    const doc = userOf(row.userName);
    const subject = doc && {
      id: doc._id,
      view: profileViewOf(doc, doc.managerId === undefined || existing.has(doc.managerId)),
    };
    return {
      plan: planSheetRow(row, subject, (managerName) => userOf(managerName)?._id),
      user: doc && { id: doc._id, userName: doc.userName },
    };
  });
}

async function usersByUserName(
  store: Store,
  tenantId: string,
  names: readonly string[],
): Promise<Map<string, UserDocument>> {
  const docs = await store.users.byUserNameKeys(tenantId, [...new Set(names.map(userNameKey))]);
  return new Map(docs.map((doc) => [doc.userNameKey, doc]));
}

type Update = Store['users']['update'];

async function applyChange(
  update: Update,
  tenantId: string,
  change: SheetChange,
  actor: Actor,
): Promise<RowOutcome> {
  let readVersion: number | undefined;
  try {
    const after = await update(
      tenantId,
      change.userId,
      (before) => {
        readVersion = before.version;
        return applyProfileEdits(before, change.edits);
      },
      { requestsActive: change.edits.active === true },
      actor,
    );
    // The store hands back the user as it was when the change turned out to be there already.
    const outcome = after.version === readVersion ? 'unchanged' : 'applied';
    return { row: change.row, userName: change.userName, outcome };
  } catch (err) {
    if (err instanceof RosterError) return outcomeOfRefusal(change, err);
    throw err;
  }
}
