import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { stringify } from 'csv-stringify/sync';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { UserDocument } from '../../src/store/users';
import { openTestStore, type TestStore } from '../harness/store';
import { newTenant } from '../harness/tenant';
import { adminClient, csvRows } from './admin-support';

const MANAGERS = 100;
const REPORTS_EACH = 99;

/**
 * A tenant of 10,000 users written straight into the store, as consistent as the guard would
 * have left it (ledgers and userName keys included; the test's final consistency check confirms
 * it): going through the guard one user at a time would take most of the test's time budget.
 */
async function seedTenant(store: TestStore, tenantId: string): Promise<void> {
  const now = new Date();
  const person = (userName: string, extra: Partial<UserDocument>): UserDocument => ({
    _id: randomUUID(),
    tenantId,
    userName,
    userNameKey: userName,
    active: true,
    name: { givenName: userName.split('@')[0]!, familyName: 'Bulk' },
    emails: [{ value: userName, type: 'work', primary: true }],
    canManageTeam: false,
    activeReports: [],
    activeReportsAt: {},
    primaryOwner: false,
    version: 1,
    created: now,
    lastModified: now,
    ...extra,
  });
  const users: UserDocument[] = [];
  for (let m = 0; m < MANAGERS; m += 1) {
    const manager = person(`m${m}@bulk.example`, { canManageTeam: m % 2 === 0 });
    const reports = Array.from({ length: REPORTS_EACH }, (_, r) =>
      person(`r${m}-${r}@bulk.example`, { managerId: manager._id, title: 'Agent' }),
    );
    manager.activeReports = reports.map((r) => r._id);
    manager.activeReportsAt = Object.fromEntries(reports.map((r) => [r._id, now]));
    users.push(manager, ...reports);
  }
  for (let at = 0; at < users.length; at += 1000) {
    const batch = users.slice(at, at + 1000);
    await store.raw.collection('users').insertMany(batch as never[]);
    // The userName key documents (src/store/users/user-keys.ts) that later writes check uniqueness against.
    await store.raw
      .collection('user_keys')
      .insertMany(
        batch.map((u) => ({ _id: `${tenantId}|u|${u.userNameKey}`, tenantId, userId: u._id })) as never[],
      );
  }
}

describe('a 10,000-row spreadsheet in one request', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  // A generous timeout: on the embedded FerretDB every guarded write and every batch lookup scans
  // the collection, and test machines are shared.
  it('reports every row, applies the changed ones, and logs progress every 1,000 rows', async () => {
    const logLines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
    const app = buildApp({ config: loadConfig({}), store, log });
    const { tenantId, token } = await newTenant(store);
    await seedTenant(store, tenantId);
    const admin = adminClient(app, token);

    const [header, ...rows] = csvRows(await admin.exportCsv());
    expect(rows).toHaveLength(MANAGERS * (REPORTS_EACH + 1));
    const column = (name: string) => header!.indexOf(name);
    const expected = new Map<string, { outcome: string; kind?: string }>();
    const edit = (userName: string, change: (row: string[]) => void, outcome: string, kind?: string) => {
      const row = rows.find((r) => r[0] === userName)!;
      change(row);
      expected.set(row[0]!, { outcome, ...(kind ? { kind } : {}) });
    };
    for (let m = 0; m < 4; m += 1) {
      edit(`r${m * 10}-${m}@bulk.example`, (r) => (r[column('Title')] = 'Senior Agent'), 'applied');
    }
    for (const m of [0, 2, 4])
      edit(`m${m}@bulk.example`, (r) => (r[column('Deactivated')] = 'y'), 'refused', 'team-lead-in-bulk');
    edit('m1@bulk.example', (r) => (r[column('Deactivated')] = 'y'), 'refused', 'has-active-reports');
    for (const m of [5, 7]) {
      edit(`r${m}-1@bulk.example`, (r) => (r[column('Can Manage Team')] = 'maybe'), 'error', 'invalid-value');
    }
    const renamed = rows.find((r) => r[0] === 'r9-9@bulk.example')!;
    renamed[0] = 'nobody@bulk.example';
    expected.set('nobody@bulk.example', { outcome: 'error', kind: 'not-found' });

    const res = await admin.importCsv(stringify([header!, ...rows]));
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(rows.length);
    res.body.rows.forEach(
      (row: { row: number; userName: string; outcome: string; kind?: string }, i: number) => {
        expect(row.row).toBe(i + 2);
        expect({ outcome: row.outcome, kind: row.kind }).toEqual(
          expected.get(row.userName) ?? { outcome: 'unchanged', kind: undefined },
        );
      },
    );
    expect(res.body.summary).toEqual({ rows: 10_000, applied: 4, unchanged: 9_989, refused: 4, error: 3 });

    const progress = logLines
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'import progress');
    expect(progress.map((line) => line.rows)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => k * 1000));
    expect(progress.at(-1)).toMatchObject({ applied: 4, refused: 4 });

    expect((await store.users.byKey(tenantId, 'userName', 'r0-0@bulk.example'))?.title).toBe('Senior Agent');
    expect((await store.users.byKey(tenantId, 'userName', 'm0@bulk.example'))?.active).toBe(true);
    expect((await store.users.byKey(tenantId, 'userName', 'r50-50@bulk.example'))?.version).toBe(1);
    expect(await store.users.check(tenantId, { repair: false })).toEqual([]);
  }, 300_000);
});
