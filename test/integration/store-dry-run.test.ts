/**
 * The dry run predicts the write (docs/store.md): `store.users.dryRun()` runs the store's own
 * update code against a snapshot that keeps its writes, so for every sequence of changes it must
 * answer what the real writes then answer, step by step: applied, or refused with the same kind.
 * Each case arranges a team of its own, runs the steps dry, checks nothing was written, then
 * runs the same steps for real.
 */
import { RosterError, type Actor } from '../../src/domain';
import type { UserDocument, UserDraft } from '../../src/store/users';
import { openTestStore, type TestStore } from '../harness/store';

const ACTOR: Actor = { tokenName: 'equivalence-test', channel: 'admin' };

/** The team every case starts from: the owner, a lead with two reports, a second lead, an inactive user. */
type Name = 'owner' | 'lead' | 'rob' | 'raj' | 'lead2' | 'gone';
type Ids = Record<Name, string>;

interface Step {
  /** Whose document the step changes. */
  user: Name;
  change: (before: UserDocument, ids: Ids) => UserDraft;
  ifMatch?: (before: UserDocument) => number;
}

type Outcome = 'applied' | RosterError['kind'];

const deactivate = (before: UserDocument): UserDraft => ({ ...before, active: false });
const reactivate = (before: UserDocument): UserDraft => ({ ...before, active: true });
const managedBy =
  (name: Name) =>
  (before: UserDocument, ids: Ids): UserDraft => ({ ...before, managerId: ids[name] });

/** An I1 ledger entry on `managerId` for `reportId` that the report's document does not back. */
async function leftoverEntry(
  store: TestStore,
  tenantId: string,
  managerId: string,
  reportId: string,
  at: Date,
): Promise<void> {
  const entry = { $push: { activeReports: reportId }, $set: { [`activeReportsAt.${reportId}`]: at } };
  await store.raw.collection('users').updateOne({ _id: managerId, tenantId }, entry as never);
}

interface Case {
  name: string;
  /** Changes the stored team behind the store's back before the steps, as a crashed write would. */
  arrange?: (store: TestStore, tenantId: string, ids: Ids) => Promise<void>;
  steps: Step[];
  expected: Outcome[];
}

const CASES: Case[] = [
  {
    name: 'deactivate a user without reports',
    steps: [{ user: 'rob', change: deactivate }],
    expected: ['applied'],
  },
  {
    name: 'deactivate a lead with active reports (I1)',
    steps: [{ user: 'lead', change: deactivate }],
    expected: ['has-active-reports'],
  },
  {
    name: 'deactivate the owner (I2)',
    steps: [{ user: 'owner', change: deactivate }],
    expected: ['owner-protected'],
  },
  {
    name: 'report to an inactive manager (I1)',
    steps: [{ user: 'lead2', change: managedBy('gone') }],
    expected: ['inactive-manager'],
  },
  {
    name: 'report to an unknown user',
    steps: [
      { user: 'rob', change: (before) => ({ ...before, managerId: '00000000-0000-4000-8000-000000000000' }) },
    ],
    expected: ['invalid-manager'],
  },
  {
    name: 'report to oneself',
    steps: [{ user: 'rob', change: managedBy('rob') }],
    expected: ['invalid-manager'],
  },
  {
    name: 'close a cycle: the lead under their own report',
    steps: [{ user: 'lead', change: managedBy('rob') }],
    expected: ['invalid-manager'],
  },
  {
    name: 'drop a required field, then change the status (I3 judges status changes)',
    steps: [
      { user: 'raj', change: (before) => ({ ...before, emails: undefined }) },
      { user: 'raj', change: deactivate },
    ],
    expected: ['applied', 'incomplete-profile'],
  },
  {
    name: 'take another user’s userName',
    steps: [{ user: 'raj', change: (before) => ({ ...before, userName: 'ROB@team.example' }) }],
    expected: ['uniqueness'],
  },
  {
    name: 'If-Match naming an old version',
    steps: [{ user: 'rob', change: deactivate, ifMatch: (before) => before.version - 1 }],
    expected: ['version-mismatch'],
  },
  {
    name: 'move both reports, then deactivate the lead (the order the ledger needs)',
    steps: [
      { user: 'rob', change: managedBy('lead2') },
      { user: 'raj', change: managedBy('lead2') },
      { user: 'lead', change: deactivate },
    ],
    expected: ['applied', 'applied', 'applied'],
  },
  {
    name: 'move one report only, then deactivate the lead',
    steps: [
      { user: 'rob', change: managedBy('lead2') },
      { user: 'lead', change: deactivate },
    ],
    expected: ['applied', 'has-active-reports'],
  },
  {
    name: 'deactivate the second lead, then move a report under them',
    steps: [
      { user: 'lead2', change: deactivate },
      { user: 'rob', change: managedBy('lead2') },
    ],
    expected: ['applied', 'inactive-manager'],
  },
  {
    name: 'move a report under the second lead, then deactivate the second lead',
    steps: [
      { user: 'rob', change: managedBy('lead2') },
      { user: 'lead2', change: deactivate },
    ],
    expected: ['applied', 'has-active-reports'],
  },
  {
    name: 'reactivate a user, then report to them',
    steps: [
      { user: 'gone', change: reactivate },
      { user: 'lead2', change: managedBy('gone') },
      { user: 'gone', change: deactivate },
    ],
    expected: ['applied', 'applied', 'has-active-reports'],
  },
  {
    name: 'a ledger entry of a write still in flight (within the lease) refuses',
    arrange: (store, tenantId, ids) => leftoverEntry(store, tenantId, ids.lead2, ids.rob, new Date()),
    steps: [{ user: 'lead2', change: deactivate }],
    expected: ['has-active-reports'],
  },
  {
    name: 'a ledger entry older than the lease is dropped, and the deactivation applies',
    arrange: (store, tenantId, ids) => leftoverEntry(store, tenantId, ids.lead2, ids.rob, new Date(0)),
    steps: [{ user: 'lead2', change: deactivate }],
    expected: ['applied'],
  },
  {
    name: 'rename, then another takes the freed userName',
    steps: [
      { user: 'rob', change: (before) => ({ ...before, userName: 'robert@team.example' }) },
      { user: 'raj', change: (before) => ({ ...before, userName: 'rob@team.example' }) },
    ],
    expected: ['applied', 'applied'],
  },
];

describe('the dry run predicts the real write', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  let teams = 0;
  /** A tenant of its own with TEAM in it: lead manages rob and raj, gone is inactive, owner owns. */
  async function arrangeTeam(): Promise<{ tenantId: string; ids: Ids }> {
    teams += 1;
    const tenant = await store.tenants.create(`dry-run-${teams}`);
    const ids = {} as Ids;
    const person = (name: Name, extra: Partial<UserDraft> = {}): UserDraft => ({
      userName: `${name}@team.example`,
      active: true,
      canManageTeam: false,
      name: { givenName: name, familyName: 'Team' },
      emails: [{ value: `${name}@team.example`, primary: true }],
      ...extra,
    });
    for (const name of ['owner', 'lead', 'lead2', 'gone'] as const) {
      ids[name] = (await store.users.create(tenant._id, person(name), ACTOR))._id;
    }
    for (const name of ['rob', 'raj'] as const) {
      ids[name] = (await store.users.create(tenant._id, person(name, { managerId: ids.lead }), ACTOR))._id;
    }
    await store.users.update(tenant._id, ids.gone, deactivate, {}, ACTOR);
    await store.users.transferOwnership(tenant._id, ids.owner, ACTOR);
    return { tenantId: tenant._id, ids };
  }

  async function run(
    update: TestStore['users']['update'],
    tenantId: string,
    ids: Ids,
    steps: readonly Step[],
  ): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const step of steps) {
      const stored = (await store.users.byId(tenantId, ids[step.user]))!;
      try {
        await update(
          tenantId,
          ids[step.user],
          (before) => step.change(before, ids),
          { ifMatch: step.ifMatch?.(stored) },
          ACTOR,
        );
        outcomes.push('applied');
      } catch (err) {
        if (!(err instanceof RosterError)) throw err;
        outcomes.push(err.kind);
      }
    }
    return outcomes;
  }

  const storedState = async (tenantId: string) =>
    store.raw.collection('users').find({ tenantId }).sort({ _id: 1 }).toArray();

  it.each(CASES)('$name', async ({ arrange, steps, expected }) => {
    const { tenantId, ids } = await arrangeTeam();
    await arrange?.(store, tenantId, ids);
    const before = await storedState(tenantId);
    const keysBefore = await store.raw.collection('user_keys').countDocuments({ tenantId });
    const auditBefore = (await store.audit.list(tenantId, { limit: 1000 })).length;

    const predicted = await run(store.users.dryRun().update, tenantId, ids, steps);
    expect(await storedState(tenantId)).toEqual(before);
    expect(await store.raw.collection('user_keys').countDocuments({ tenantId })).toBe(keysBefore);
    expect((await store.audit.list(tenantId, { limit: 1000 })).length).toBe(auditBefore);

    const real = await run(store.users.update, tenantId, ids, steps);
    expect(real).toEqual(expected);
    expect(predicted).toEqual(real);
  });

  it('a dry run of the move that completes a pending deactivation writes nothing, and predicts it', async () => {
    const { tenantId, ids } = await arrangeTeam();
    // The IdP's deactivation of the lead is refused by I1 and kept pending (docs/pending-deactivations.md).
    const idp: Actor = { tokenName: 'okta', channel: 'scim' };
    await expect(store.users.update(tenantId, ids.lead, deactivate, {}, idp)).rejects.toMatchObject({
      kind: 'has-active-reports',
    });
    const recorded = (await store.users.byId(tenantId, ids.lead))!.pendingDeactivation;
    expect(recorded).toMatchObject({ action: 'deactivate', requestedBy: 'okta', attempts: 1 });

    const before = await storedState(tenantId);
    const auditBefore = await store.audit.list(tenantId, { limit: 1000 });
    const moves: Step[] = [
      { user: 'rob', change: managedBy('lead2') },
      { user: 'raj', change: managedBy('lead2') },
    ];
    const dry = store.users.dryRun();
    expect(await run(dry.update, tenantId, ids, moves)).toEqual(['applied', 'applied']);
    // The last move carried the request out inside the snapshot: the lead reads as deactivated there…
    const unchanged = (doc: UserDocument): UserDraft => doc;
    const predicted = await dry.update(tenantId, ids.lead, unchanged, {}, ACTOR);
    expect(predicted.active).toBe(false);
    expect(predicted.pendingDeactivation).toBeUndefined();
    // …while the record, the users and the audit trail are as they were.
    expect(await storedState(tenantId)).toEqual(before);
    expect((await store.users.byId(tenantId, ids.lead))!.pendingDeactivation).toEqual(recorded);
    expect(await store.users.pendingDeactivations.list(tenantId)).toHaveLength(1);
    expect(await store.audit.list(tenantId, { limit: 1000 })).toEqual(auditBefore);

    expect(await run(store.users.update, tenantId, ids, moves)).toEqual(['applied', 'applied']);
    const real = (await store.users.byId(tenantId, ids.lead))!;
    expect({ active: real.active, pending: real.pendingDeactivation }).toEqual({
      active: predicted.active,
      pending: predicted.pendingDeactivation,
    });
    expect(await store.users.pendingDeactivations.list(tenantId)).toEqual([]);
    const [completion] = await store.audit.list(tenantId, { userId: ids.lead, limit: 1 });
    expect(completion).toMatchObject({ action: 'deactivate', outcome: 'applied', actor: 'okta' });
  });

  it('a dry run carries its own writes from step to step, and one dry run never sees another’s', async () => {
    const { tenantId, ids } = await arrangeTeam();
    const unchanged = (before: UserDocument): UserDraft => before;
    const first = store.users.dryRun();
    await first.update(tenantId, ids.rob, (before) => managedBy('lead2')(before, ids), {}, ACTOR);
    // The same run reads rob as it left him; a fresh run, and the store, as they are.
    expect((await first.update(tenantId, ids.rob, unchanged, {}, ACTOR)).managerId).toBe(ids.lead2);
    expect((await store.users.dryRun().update(tenantId, ids.rob, unchanged, {}, ACTOR)).managerId).toBe(
      ids.lead,
    );
    expect((await store.users.byId(tenantId, ids.rob))?.managerId).toBe(ids.lead);
  });
});
