import {
  applicationOrder,
  outcomeOfRefusal,
  planSheetRow,
  rejectRepeatedUsers,
  RosterError,
  TEAM_LEAD_IN_BULK_REASON,
  type Actor,
  type RowOutcome,
  type SheetChange,
  type SheetRow,
  type UserRef,
} from '../../domain';
import type { TenantDocuments } from '../tenant-documents';
import { applyProfileEdits, profileViewOf } from './profile-view';
import type { UserDocument } from './user-document';
import { userNameKey } from './user-keys';
import type { AuditTrail, UserWrites } from './user-writes';

/**
 * Rows whose users are looked up together: one `$in` query on the userName key per batch, never
 * the whole tenant. An index range per key on MongoDB; on FerretDB, which serves only `_id`
 * equality without a scan (docs/store.md), one collection scan per batch, hence batches this big.
 */
const LOOKUP_BATCH = 2_000;
const PROGRESS_EVERY = 1_000;

export interface SheetSummary {
  rows: number;
  applied: number;
  unchanged: number;
  refused: number;
  error: number;
}

export interface SheetReport {
  dryRun: boolean;
  summary: SheetSummary;
  /** Every data row's outcome, in file order. */
  rows: RowOutcome[];
}

export interface SheetProgress {
  rows: number;
  applied: number;
  refused: number;
}

/** A file as the admin adapter read it: the rows read against the header, and those it could not read. */
export interface ReadSheet {
  rows: readonly SheetRow[];
  unreadable: readonly RowOutcome[];
}

/**
 * The bulk spreadsheet applied (docs/contract.md POST /api/v1/users/import). Users are looked up
 * a batch of rows at a time by userName; each row is settled by the sheet's rules
 * (src/domain/csv.ts) or becomes a change, and the changes apply in the sheet's order (manager
 * changes and reactivations before deactivations) through the store's guarded `update` on the
 * actor's channel (`csv`), one ordinary write per row: a refused row leaves the others alone.
 *
 * A dry run is the same code with the store's writes run dry (dry-run.ts) in their place: they
 * remember what they would have written, so its report predicts the real one, ordering effects
 * within the file included. It audits nothing.
 */
export function sheetApplication(deps: {
  docs: TenantDocuments<UserDocument>;
  byUserNameKeys: (tenantId: string, keys: readonly string[]) => Promise<UserDocument[]>;
  audit: AuditTrail;
  writes: Pick<UserWrites, 'update'>;
  dryRun: () => Pick<UserWrites, 'update'>;
}) {
  const { docs, audit } = deps;

  return async function applySheet(
    tenantId: string,
    sheet: ReadSheet,
    opts: { dryRun: boolean; actor: Actor; onProgress?: (progress: SheetProgress) => void },
  ): Promise<SheetReport> {
    const outcomes: RowOutcome[] = [];
    const summary: SheetSummary = { rows: 0, applied: 0, unchanged: 0, refused: 0, error: 0 };
    const settle = (outcome: RowOutcome) => {
      outcomes.push(outcome);
      summary.rows += 1;
      summary[outcome.outcome] += 1;
      if (summary.rows % PROGRESS_EVERY === 0) {
        opts.onProgress?.({ rows: summary.rows, applied: summary.applied, refused: summary.refused });
      }
    };

    sheet.unreadable.forEach(settle);
    const distinct = rejectRepeatedUsers(sheet.rows, userNameKey);
    distinct.outcomes.forEach(settle);

    const changes: SheetChange[] = [];
    for (let at = 0; at < distinct.rows.length; at += LOOKUP_BATCH) {
      const planned = await planRows(tenantId, distinct.rows.slice(at, at + LOOKUP_BATCH));
      for (const { plan, user } of planned) {
        if (!('outcome' in plan)) {
          changes.push(plan);
          continue;
        }
        // The bulk rule is the sheet's, not the guard's: the audit trail records it all the same.
        if (plan.kind === 'team-lead-in-bulk' && user && !opts.dryRun) {
          const refusal = new RosterError('team-lead-in-bulk', TEAM_LEAD_IN_BULK_REASON);
          await audit.refused(tenantId, opts.actor, 'deactivate', user, refusal);
        }
        settle(plan);
      }
    }

    const { update } = opts.dryRun ? deps.dryRun() : deps.writes;
    for (const change of applicationOrder(changes))
      settle(await applyChange(update, tenantId, change, opts.actor));

    outcomes.sort((a, b) => a.row - b.row);
    return { dryRun: opts.dryRun, summary, rows: outcomes };
  };

  /** One batch of rows against their users and managers, read with one query by userName key. */
  async function planRows(
    tenantId: string,
    rows: readonly SheetRow[],
  ): Promise<{ plan: SheetChange | RowOutcome; user: UserRef | undefined }[]> {
    const names = rows.flatMap((row) =>
      typeof row.manager === 'string' ? [row.userName, row.manager] : [row.userName],
    );
    const found = await deps.byUserNameKeys(tenantId, [...new Set(names.map(userNameKey))]);
    const byKey = new Map(found.map((doc) => [doc.userNameKey, doc]));
    const userOf = (userName: string) => byKey.get(userNameKey(userName));

    // A blank Manager cell matches a reference to a user who was deleted: the export shows none.
    const blankedRefs = rows.flatMap((row) =>
      row.manager === null ? [userOf(row.userName)?.managerId ?? ''] : [],
    );
    const existing = new Set([...byKey.values()].map((u) => u._id));
    const unknownRefs = [...new Set(blankedRefs)].filter((id) => id !== '' && !existing.has(id));
    for (const manager of await docs.getMany(tenantId, unknownRefs)) existing.add(manager._id);

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
}

async function applyChange(
  update: UserWrites['update'],
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
      // A row that states the user active cancels their pending deactivation (pending-deactivations.ts).
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
