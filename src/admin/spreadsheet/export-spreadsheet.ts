import { SHEET_COLUMNS, sheetCells } from '../../domain';
import { profileViewOf, type Store, type UserDocument } from '../../store';

/** Users whose managers are named together: one query per batch for the managers not yet known. */
const BATCH = 500;

/**
 * The spreadsheet of a tenant's users (GET /api/v1/users/export), as records: the header, then
 * one row per user in id order, read through one store cursor. Only the managers' userNames are
 * remembered between batches, so memory stays flat however many users there are. The cells are
 * the ones an import compares with (domain sheetCells), so export → import changes nothing.
 */
export async function* exportSpreadsheet(store: Store, tenantId: string): AsyncGenerator<string[]> {
  yield SHEET_COLUMNS.map((c) => c.header);
  /** Manager id → userName; null for a reference to a user who no longer exists. */
  const managerNames = new Map<string, string | null>();
  let batch: UserDocument[] = [];
  const rowsOf = async function* (docs: readonly UserDocument[]) {
    const unknown = [
      ...new Set(docs.flatMap((d) => (d.managerId && !managerNames.has(d.managerId) ? [d.managerId] : []))),
    ];
    for (const id of unknown) managerNames.set(id, null);
    for (const manager of await store.users.byIds(tenantId, unknown))
      managerNames.set(manager._id, manager.userName);
    for (const doc of docs) {
      const managerUserName = doc.managerId ? (managerNames.get(doc.managerId) ?? null) : null;
      yield sheetCells({
        userName: doc.userName,
        view: profileViewOf(doc, managerUserName !== null),
        managerUserName,
      });
    }
  };
  for await (const doc of store.users.scan(tenantId, {})) {
    batch.push(doc);
    if (batch.length === BATCH) {
      yield* rowsOf(batch);
      batch = [];
    }
  }
  yield* rowsOf(batch);
}
