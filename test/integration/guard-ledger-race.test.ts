import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/domain';
import { connectStore, type Store, type UserDocument, type UserDraft } from '../../src/store';
import { isViolation } from '../../src/store/users';
import { tenantDocuments } from '../../src/store/tenant-documents';
import { activeReportsLedger, type ActiveReportsLedger } from '../../src/store/users/ledger';
import { userModels } from '../../src/store/users/user-model';
import { databaseUri, startAtomicStore, type AtomicStore } from '../harness/atomic-store';
import { rawDatabase, silentLog, type RawDatabase } from '../harness/store';
import { newTenant } from '../harness/tenant';

const actor: Actor = { tokenName: 'test', channel: 'admin' };

/**
 * Two processes' writes meeting on one I1 ledger entry (docs/domain.md "The ledger"), forced in
 * order with the write fault hooks: store A pauses between two of its steps while store B (its own
 * connection, as another Roster process would have) writes the same report. A ledger entry is
 * shared by every write that needs it, so a write taking back its own entry (a lost
 * compare-and-set) or releasing the old manager late must not take the entry another write
 * stands on. Before the fix each of these left an active report missing from its manager's ledger,
 * and the manager could then be deactivated: the I1 violation guard-multiprocess.test.ts found once
 * under load.
 */
describe('the I1 ledger when two processes write the same report', () => {
  const dbName = `roster_test_lr_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let atomic: AtomicStore | undefined;
  let a: Store | undefined;
  let b: Store | undefined;
  /** The test's own view of the database, and the ledger on it, for what the Store does not offer. */
  let raw: RawDatabase | undefined;
  let ledger: ActiveReportsLedger;
  /** Runs once, at A's next pause of that kind. */
  let afterLedgerAdd: (() => Promise<void>) | undefined;
  let beforeLedgerRelease: (() => Promise<void>) | undefined;
  const once = (take: () => (() => Promise<void>) | undefined, clear: () => void) => async () => {
    const step = take();
    clear();
    await step?.();
  };

  beforeAll(async () => {
    atomic = await startAtomicStore();
    const uri = databaseUri(atomic.uri, dbName);
    a = await connectStore({
      uri,
      dbName,
      log: silentLog,
      testing: {
        faults: {
          afterLedgerAdd: once(
            () => afterLedgerAdd,
            () => (afterLedgerAdd = undefined),
          ),
          beforeLedgerRelease: once(
            () => beforeLedgerRelease,
            () => (beforeLedgerRelease = undefined),
          ),
        },
      },
    });
    b = await connectStore({ uri, dbName, log: silentLog });
    raw = await rawDatabase(dbName, uri);
    const users = tenantDocuments(userModels(raw.connection).users, { idOnlyFilters: false });
    ledger = activeReportsLedger(users, () => new Date());
  }, 180_000);

  afterAll(async () => {
    await raw?.drop();
    await raw?.close();
    await a?.close();
    await b?.close();
    await atomic?.stop();
  }, 30_000);

  /** A complete profile (I3), so only I1 decides. */
  const draft = (userName: string, managerId?: string): UserDraft =>
    ({
      userName,
      active: true,
      canManageTeam: false,
      name: { givenName: 'G', familyName: 'F' },
      emails: [{ value: userName, primary: true }],
      ...(managerId ? { managerId } : {}),
    }) as UserDraft;
  const set =
    (fields: Partial<UserDraft>) =>
    (before: UserDocument): UserDraft => ({ ...before, ...fields });
  /** What the store holds now, read past any process's cache. */
  const stored = async (tenantId: string, id: string) =>
    (await raw!.collection('users').findOne({ _id: id, tenantId })) as unknown as UserDocument;
  const ledgerOf = async (_store: Store, tenantId: string, id: string) =>
    (await stored(tenantId, id)).activeReports;

  /** Whatever the interleaving did, R is M's active report now: M's deactivation must be refused. */
  async function expectGuarded(tenantId: string, managerId: string, reportId: string) {
    expect(await ledgerOf(b!, tenantId, managerId)).toEqual([reportId]);
    await expect(
      b!.users.update(tenantId, managerId, set({ active: false }), {}, actor),
    ).rejects.toMatchObject({ kind: 'has-active-reports' });
    expect((await b!.users.check(tenantId, { repair: false })).filter(isViolation)).toEqual([]);
  }

  it('runs on a store whose conditional updates are atomic', () => {
    expect(a!.capabilities.atomicUpdates).toBe(true);
  });

  it('a reactivation that loses its compare-and-set keeps the entry the winning reactivation needs', async () => {
    const { tenantId } = await newTenant(a!);
    const m = await a!.users.create(tenantId, draft('m.rollback@x.com'), actor);
    const r = await a!.users.create(tenantId, draft('r.rollback@x.com', m._id), actor);
    await a!.users.update(tenantId, r._id, set({ active: false }), {}, actor);
    expect(await ledgerOf(a!, tenantId, m._id)).toEqual([]);

    // A has put R on M's ledger; B reactivates R too and wins; A's write then loses and takes its entry back.
    afterLedgerAdd = async () => {
      await b!.users.update(tenantId, r._id, set({ active: true }), {}, actor);
    };
    const seen = await a!.users.update(tenantId, r._id, set({ active: true }), {}, actor);
    expect(afterLedgerAdd).toBeUndefined();
    expect(seen.active).toBe(true);
    await expectGuarded(tenantId, m._id, r._id);
  });

  it('an assignment that loses its compare-and-set keeps the entry the winning assignment needs', async () => {
    const { tenantId } = await newTenant(a!);
    const m = await a!.users.create(tenantId, draft('m.assign@x.com'), actor);
    const n = await a!.users.create(tenantId, draft('n.assign@x.com'), actor);
    const r = await a!.users.create(tenantId, draft('r.assign@x.com', n._id), actor);

    afterLedgerAdd = async () => {
      await b!.users.update(tenantId, r._id, set({ managerId: m._id }), {}, actor);
    };
    const seen = await a!.users.update(tenantId, r._id, set({ managerId: m._id }), {}, actor);
    expect(afterLedgerAdd).toBeUndefined();
    expect(seen.managerId).toBe(m._id);
    expect(await ledgerOf(b!, tenantId, n._id)).toEqual([]);
    await expectGuarded(tenantId, m._id, r._id);
  });

  it("a deactivation's late release of the old manager keeps the entry a reactivation meanwhile needs", async () => {
    const { tenantId } = await newTenant(a!);
    const m = await a!.users.create(tenantId, draft('m.release@x.com'), actor);
    const r = await a!.users.create(tenantId, draft('r.release@x.com', m._id), actor);

    // A has written R inactive but not yet released M's entry; B reactivates R, finding the entry there.
    beforeLedgerRelease = async () => {
      await b!.users.update(tenantId, r._id, set({ active: true }), {}, actor);
    };
    await a!.users.update(tenantId, r._id, set({ active: false }), {}, actor);
    expect(beforeLedgerRelease).toBeUndefined();
    await expectGuarded(tenantId, m._id, r._id);
  });

  it("a move's late release of the old manager keeps the entry a move back meanwhile needs", async () => {
    const { tenantId } = await newTenant(a!);
    const m = await a!.users.create(tenantId, draft('m.moveback@x.com'), actor);
    const n = await a!.users.create(tenantId, draft('n.moveback@x.com'), actor);
    const r = await a!.users.create(tenantId, draft('r.moveback@x.com', m._id), actor);

    beforeLedgerRelease = async () => {
      await b!.users.update(tenantId, r._id, set({ managerId: m._id }), {}, actor);
    };
    await a!.users.update(tenantId, r._id, set({ managerId: n._id }), {}, actor);
    expect(beforeLedgerRelease).toBeUndefined();
    expect(await ledgerOf(b!, tenantId, n._id)).toEqual([]);
    await expectGuarded(tenantId, m._id, r._id);
  });
  it('an entry written before claims were counted stands for one claim', async () => {
    const { tenantId } = await newTenant(a!);
    const m = await a!.users.create(tenantId, draft('m.legacy@x.com'), actor);
    const r = await a!.users.create(tenantId, draft('r.legacy@x.com', m._id), actor);
    await raw!.collection('users').updateOne({ _id: m._id }, { $unset: { activeReportsClaims: '' } });

    beforeLedgerRelease = async () => {
      await b!.users.update(tenantId, r._id, set({ active: true }), {}, actor);
    };
    await a!.users.update(tenantId, r._id, set({ active: false }), {}, actor);
    expect(beforeLedgerRelease).toBeUndefined();
    await expectGuarded(tenantId, m._id, r._id);

    // An uncounted entry's one claim, taken back, takes the entry with it.
    await raw!.collection('users').updateOne({ _id: m._id }, { $unset: { activeReportsClaims: '' } });
    await b!.users.update(tenantId, r._id, set({ active: false }), {}, actor);
    expect(await ledgerOf(b!, tenantId, m._id)).toEqual([]);
  });

  it('the lease repair leaves an entry a write claimed again since the repair read it', async () => {
    const { tenantId } = await newTenant(a!);
    const m = await a!.users.create(tenantId, draft('m.lease@x.com'), actor);
    const r = await a!.users.create(tenantId, draft('r.lease@x.com', m._id), actor);
    // The repair read an entry written long ago; a write claims it again before the repair drops it.
    const readThen = new Date(0);
    await raw!
      .collection('users')
      .updateOne({ _id: m._id }, { $set: { [`activeReportsAt.${r._id}`]: readThen } });
    await ledger.add(tenantId, m._id, r._id);

    await ledger.drop(tenantId, m._id, r._id, readThen);
    expect(await ledgerOf(b!, tenantId, m._id)).toEqual([r._id]);
    const now = (await stored(tenantId, m._id)).activeReportsAt[r._id];
    await ledger.drop(tenantId, m._id, r._id, now);
    expect(await ledgerOf(b!, tenantId, m._id)).toEqual([]);
  });
});
