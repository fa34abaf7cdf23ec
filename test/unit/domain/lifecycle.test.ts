import {
  DEFAULT_TENANT_POLICY,
  decideChange,
  type LedgerEffects,
  type LifecycleChange,
  type LifecycleFacts,
  type Refusal,
  type TenantPolicy,
  type UserState,
} from '../../../src/domain';
import { facts, managedBy, reports, user } from './users';

const policy = DEFAULT_TENANT_POLICY;

const create = (after: UserState): LifecycleChange => ({ kind: 'create', after });
const update = (before: UserState, changes: Partial<UserState>): LifecycleChange => ({
  kind: 'update',
  before,
  after: user(before.id, { ...before, ...changes }),
});
const remove = (before: UserState): LifecycleChange => ({ kind: 'delete', before });

const boss = user('boss');
const lead = user('lead');
const gone = user('gone', { active: false });
const ana = user('ana', { managerId: 'boss' });
const exAna = user('ana', { active: false, managerId: 'boss' });

interface RefusalCase {
  name: string;
  change: LifecycleChange;
  facts: LifecycleFacts;
  refusal: Partial<Refusal>;
  policy?: TenantPolicy;
}

interface AllowedCase {
  name: string;
  change: LifecycleChange;
  facts: LifecycleFacts;
  ledger: LedgerEffects;
  policy?: TenantPolicy;
}

const none: LedgerEffects = { addTo: null, removeFrom: null };

function expectRefused({ change, facts: read, refusal, policy: tenant }: RefusalCase): void {
  expect(decideChange(change, read, tenant ?? policy)).toEqual({
    allowed: false,
    refusal: expect.objectContaining(refusal),
  });
}

function expectAllowed({ change, facts: read, ledger, policy: tenant }: AllowedCase): void {
  expect(decideChange(change, read, tenant ?? policy)).toEqual({ allowed: true, ledger });
}

describe('I1, report side: a user with active direct reports keeps being active', () => {
  it.each<RefusalCase>([
    {
      name: 'deactivate: manager with 3 active reports → has-active-reports naming them',
      change: update(boss, { active: false }),
      facts: facts({ activeReports: reports(3) }),
      refusal: {
        kind: 'has-active-reports',
        reason: 'active-reports',
        action: 'deactivate',
        reports: reports(3),
      },
    },
    {
      name: 'delete: manager with 1 active report → has-active-reports',
      change: remove(boss),
      facts: facts({ activeReports: reports(1) }),
      refusal: { kind: 'has-active-reports', action: 'delete', reports: reports(1) },
    },
    {
      name: 'deactivate: manager whose ledger still lists 7 reports → has-active-reports with all 7 as data',
      change: update(boss, { active: false }),
      facts: facts({ activeReports: reports(7) }),
      refusal: { kind: 'has-active-reports', reports: reports(7) },
    },
    {
      name: 'deactivate while also changing the profile: still refused',
      change: update(boss, { active: false, profile: { ...boss.profile, title: 'Former lead' } }),
      facts: facts({ activeReports: reports(2) }),
      refusal: { kind: 'has-active-reports' },
    },
  ])('$name', expectRefused);

  it.each<AllowedCase>([
    {
      name: 'deactivate: manager with no active reports → allowed',
      change: update(boss, { active: false }),
      facts: facts(),
      ledger: none,
    },
    {
      name: 'delete: user with no active reports → allowed',
      change: remove(gone),
      facts: facts(),
      ledger: none,
    },
    {
      name: 'update: profile edit of a manager with active reports → allowed (no status change)',
      change: update(boss, { profile: { ...boss.profile, title: 'Head of sales' } }),
      facts: facts({ activeReports: reports(3) }),
      ledger: none,
    },
  ])('$name', expectAllowed);
});

describe('I1, manager side: no active user gets an inactive manager', () => {
  it.each<RefusalCase>([
    {
      name: 'create: active user under an inactive manager → inactive-manager',
      change: create(user('new', { managerId: 'gone' })),
      facts: managedBy(gone),
      refusal: {
        kind: 'inactive-manager',
        action: 'create',
        manager: { id: 'gone', userName: 'gone@x.com' },
      },
    },
    {
      name: 'update: giving an active user an inactive manager → inactive-manager',
      change: update(ana, { managerId: 'gone' }),
      facts: managedBy(gone),
      refusal: {
        kind: 'inactive-manager',
        action: 'update',
        manager: { id: 'gone', userName: 'gone@x.com' },
      },
    },
    {
      name: 'update: giving a user with no manager an inactive manager → inactive-manager',
      change: update(boss, { managerId: 'gone' }),
      facts: managedBy(gone),
      refusal: { kind: 'inactive-manager' },
    },
    {
      name: 'reactivate: manager unchanged and inactive → inactive-manager',
      change: update(user('ana', { active: false, managerId: 'gone' }), { active: true }),
      facts: managedBy(gone),
      refusal: {
        kind: 'inactive-manager',
        action: 'reactivate',
        manager: { id: 'gone', userName: 'gone@x.com' },
      },
    },
    {
      name: 'reactivate: changing to another inactive manager in the same request → inactive-manager',
      change: update(exAna, { active: true, managerId: 'gone' }),
      facts: managedBy(gone),
      refusal: { kind: 'inactive-manager', action: 'reactivate' },
    },
  ])('$name', expectRefused);

  it.each<AllowedCase>([
    {
      name: 'create: inactive user under an inactive manager → allowed, no ledger entry',
      change: create(user('new', { active: false, managerId: 'gone' })),
      facts: managedBy(gone),
      ledger: none,
    },
    {
      name: 'update: inactive user moved under an inactive manager → allowed',
      change: update(exAna, { managerId: 'gone' }),
      facts: managedBy(gone),
      ledger: none,
    },
    {
      name: 'reactivate: under an inactive manager, changing to an active one in the same request → allowed',
      change: update(user('ana', { active: false, managerId: 'gone' }), { active: true, managerId: 'lead' }),
      facts: managedBy(lead),
      ledger: { addTo: 'lead', removeFrom: null },
    },
    {
      name: 'reactivate: under an inactive manager, removing the manager in the same request → allowed',
      change: update(user('ana', { active: false, managerId: 'gone' }), { active: true, managerId: null }),
      facts: facts(),
      ledger: none,
    },
    {
      name: 'update: profile edit under an unchanged manager is not judged again (I1 held when it was set)',
      change: update(user('ana', { managerId: 'gone' }), { profile: { title: 'Agent' } }),
      facts: managedBy(gone),
      ledger: none,
    },
  ])('$name', expectAllowed);
});

describe('I2: the primary owner exists and is active', () => {
  const owner = user('owner');

  it.each<RefusalCase>([
    {
      name: 'deactivate: the owner → owner-protected',
      change: update(owner, { active: false }),
      facts: facts(),
      refusal: {
        kind: 'owner-protected',
        reason: 'owner',
        action: 'deactivate',
        user: { id: 'owner', userName: 'owner@x.com' },
      },
    },
    {
      name: 'delete: the owner → owner-protected',
      change: remove(owner),
      facts: facts(),
      refusal: { kind: 'owner-protected', action: 'delete' },
    },
    {
      name: 'delete: the owner while deactivated (should not exist) → owner-protected',
      change: remove(user('owner', { active: false })),
      facts: facts(),
      refusal: { kind: 'owner-protected', action: 'delete' },
    },
  ])('$name', expectRefused);

  it.each<AllowedCase>([
    {
      name: 'update: the owner edits their profile → allowed',
      change: update(owner, { profile: { ...owner.profile, title: 'CEO' } }),
      facts: facts(),
      ledger: none,
    },
    {
      name: 'deactivate: someone else while the owner is known → allowed',
      change: update(lead, { active: false }),
      facts: facts(),
      ledger: none,
    },
    {
      name: 'deactivate: in a tenant that has no owner yet → allowed',
      change: update(owner, { active: false }),
      facts: facts({ ownerId: null }),
      ledger: none,
    },
  ])('$name', expectAllowed);
});

describe('I3: active changes only on a complete profile', () => {
  const incomplete = { name: { givenName: 'Ana' } };

  it.each<RefusalCase>([
    {
      name: 'deactivate: profile without familyName and emails → incomplete-profile naming both',
      change: update(user('ana', { profile: incomplete }), { active: false }),
      facts: facts(),
      refusal: { kind: 'incomplete-profile', action: 'deactivate', missing: ['name.familyName', 'emails'] },
    },
    {
      name: 'reactivate: profile without any name → incomplete-profile naming givenName and familyName',
      change: update(user('ana', { active: false, profile: { emails: [{ value: 'a@x.com' }] } }), {
        active: true,
      }),
      facts: facts(),
      refusal: {
        kind: 'incomplete-profile',
        action: 'reactivate',
        missing: ['name.givenName', 'name.familyName'],
      },
    },
    {
      name: 'deactivate: empty strings and an empty emails array count as missing',
      change: update(user('ana', { profile: { name: { givenName: '', familyName: '  ' }, emails: [] } }), {
        active: false,
      }),
      facts: facts(),
      refusal: { kind: 'incomplete-profile', missing: ['name.givenName', 'name.familyName', 'emails'] },
    },
    {
      name: 'deactivate: the same request empties a required field → decided on after, refused',
      change: update(boss, { active: false, profile: { ...boss.profile, emails: [] } }),
      facts: facts(),
      refusal: { kind: 'incomplete-profile', missing: ['emails'] },
    },
    {
      name: 'deactivate: a tenant policy requiring an enterprise attribute names it',
      change: update(boss, { active: false }),
      facts: facts(),
      policy: { requiredFields: ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department'] },
      refusal: {
        kind: 'incomplete-profile',
        missing: ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department'],
      },
    },
  ])('$name', expectRefused);

  it.each<AllowedCase>([
    {
      name: 'deactivate: the same request fills the missing fields → allowed',
      change: update(user('ana', { profile: incomplete }), {
        active: false,
        profile: { name: { givenName: 'Ana', familyName: 'x' }, emails: [{ value: 'none@x.com' }] },
      }),
      facts: facts(),
      ledger: none,
    },
    {
      name: 'update: profile edit without status change → allowed even when incomplete',
      change: update(user('ana', { profile: incomplete }), { profile: { name: { givenName: 'Anna' } } }),
      facts: facts(),
      ledger: none,
    },
    {
      name: 'create: active user with an incomplete profile → allowed (creating is not a status change)',
      change: create(user('new', { profile: {} })),
      facts: facts(),
      ledger: none,
    },
    {
      name: 'create: inactive user with an incomplete profile → allowed',
      change: create(user('new', { active: false, profile: {} })),
      facts: facts(),
      ledger: none,
    },
    {
      name: 'delete: user with an incomplete profile → allowed (deleting does not change active)',
      change: remove(user('ana', { profile: {} })),
      facts: facts(),
      ledger: none,
    },
    {
      name: 'deactivate: a tenant policy with no required fields → allowed on any profile',
      change: update(user('ana', { profile: {} }), { active: false }),
      facts: facts(),
      policy: { requiredFields: [] },
      ledger: none,
    },
  ])('$name', expectAllowed);
});

describe('manager references: unknown, self and cycles are 400 invalid-manager', () => {
  const cee = user('cee', { managerId: 'bee' });
  const bee = user('bee', { managerId: 'ana' });

  it.each<RefusalCase>([
    {
      name: 'create: manager is the user itself → self-manager',
      change: create(user('new', { managerId: 'new' })),
      facts: facts(),
      refusal: { kind: 'invalid-manager', reason: 'self-manager', action: 'create' },
    },
    {
      name: 'update: manager is the user itself → self-manager',
      change: update(ana, { managerId: 'ana' }),
      facts: managedBy(ana),
      refusal: { kind: 'invalid-manager', reason: 'self-manager', action: 'update' },
    },
    {
      name: 'create: unknown manager id → unknown-manager naming the id',
      change: create(user('new', { managerId: 'nobody' })),
      facts: facts(),
      refusal: { kind: 'invalid-manager', reason: 'unknown-manager', managerId: 'nobody' },
    },
    {
      name: 'update: unknown manager id → unknown-manager',
      change: update(ana, { managerId: 'nobody' }),
      facts: facts(),
      refusal: { kind: 'invalid-manager', reason: 'unknown-manager', managerId: 'nobody' },
    },
    {
      name: 'reactivate: the unchanged manager no longer exists → unknown-manager',
      change: update(exAna, { active: true }),
      facts: facts(),
      refusal: {
        kind: 'invalid-manager',
        reason: 'unknown-manager',
        action: 'reactivate',
        managerId: 'boss',
      },
    },
    {
      name: '2-cycle: ana → bee while bee reports to ana (chain starts at the manager) → manager-cycle',
      change: update(ana, { managerId: 'bee' }),
      facts: managedBy(bee, { managerChainOfProposed: ['bee', 'ana', 'boss'] }),
      refusal: {
        kind: 'invalid-manager',
        reason: 'manager-cycle',
        manager: { id: 'bee', userName: 'bee@x.com' },
      },
    },
    {
      name: '2-cycle: chain given above the manager → manager-cycle',
      change: update(ana, { managerId: 'bee' }),
      facts: managedBy(bee, { managerChainOfProposed: ['ana', 'boss'] }),
      refusal: { kind: 'invalid-manager', reason: 'manager-cycle' },
    },
    {
      name: '3-cycle: ana → cee while cee → bee → ana → manager-cycle',
      change: update(ana, { managerId: 'cee' }),
      facts: managedBy(cee, { managerChainOfProposed: ['cee', 'bee', 'ana', 'boss'] }),
      refusal: {
        kind: 'invalid-manager',
        reason: 'manager-cycle',
        manager: { id: 'cee', userName: 'cee@x.com' },
      },
    },
    {
      name: 'cycle: an inactive user is refused too (a reference is valid or not whatever the status)',
      change: update(exAna, { managerId: 'bee' }),
      facts: managedBy(bee, { managerChainOfProposed: ['bee', 'ana'] }),
      refusal: { kind: 'invalid-manager', reason: 'manager-cycle', action: 'update' },
    },
  ])('$name', expectRefused);

  it.each<AllowedCase>([
    {
      name: 'update: a manager whose chain does not contain the user → allowed',
      change: update(ana, { managerId: 'cee' }),
      facts: managedBy(cee, { managerChainOfProposed: ['cee', 'bee', 'boss'] }),
      ledger: { addTo: 'cee', removeFrom: 'boss' },
    },
    {
      name: 'update: profile edit under a dangling manager reference it did not set → allowed',
      change: update(exAna, { profile: { title: 'Agent' } }),
      facts: facts(),
      ledger: none,
    },
  ])('$name', expectAllowed);
});

describe('ledger effects: addTo before the user is written, removeFrom after', () => {
  const inactiveBoss = user('boss', { active: false });
  it.each<AllowedCase>([
    {
      name: 'create active with a manager → addTo the manager',
      change: create(user('new', { managerId: 'boss' })),
      facts: managedBy(boss),
      ledger: { addTo: 'boss', removeFrom: null },
    },
    {
      name: 'create inactive with a manager → nothing',
      change: create(user('new', { active: false, managerId: 'boss' })),
      facts: managedBy(boss),
      ledger: none,
    },
    {
      name: 'create active without a manager → nothing',
      change: create(user('new')),
      facts: facts(),
      ledger: none,
    },
    {
      name: 'assign: active user gets a first manager → addTo the manager',
      change: update(user('ana'), { managerId: 'boss' }),
      facts: managedBy(boss),
      ledger: { addTo: 'boss', removeFrom: null },
    },
    {
      name: 'move: active user from boss to lead → addTo lead, removeFrom boss',
      change: update(ana, { managerId: 'lead' }),
      facts: managedBy(lead),
      ledger: { addTo: 'lead', removeFrom: 'boss' },
    },
    {
      name: 'unassign: active user loses their manager → removeFrom the old manager',
      change: update(ana, { managerId: null }),
      facts: facts(),
      ledger: { addTo: null, removeFrom: 'boss' },
    },
    {
      name: 'deactivate a report → removeFrom their manager',
      change: update(ana, { active: false }),
      facts: managedBy(boss),
      ledger: { addTo: null, removeFrom: 'boss' },
    },
    {
      name: 'deactivate and move in one request → removeFrom the old manager only',
      change: update(ana, { active: false, managerId: 'lead' }),
      facts: managedBy(lead),
      ledger: { addTo: null, removeFrom: 'boss' },
    },
    {
      name: 'reactivate a report → addTo their manager',
      change: update(exAna, { active: true }),
      facts: managedBy(boss),
      ledger: { addTo: 'boss', removeFrom: null },
    },
    {
      name: 'reactivate and move in one request → addTo the new manager only',
      change: update(exAna, { active: true, managerId: 'lead' }),
      facts: managedBy(lead),
      ledger: { addTo: 'lead', removeFrom: null },
    },
    {
      name: 'move an inactive user → nothing (the ledger holds active reports only)',
      change: update(exAna, { managerId: 'lead' }),
      facts: managedBy(lead),
      ledger: none,
    },
    {
      name: 'delete an active report → removeFrom their manager',
      change: remove(ana),
      facts: facts(),
      ledger: { addTo: null, removeFrom: 'boss' },
    },
    {
      name: 'delete an inactive report → nothing',
      change: remove(exAna),
      facts: facts(),
      ledger: none,
    },
    {
      name: 'profile edit of an active report → nothing',
      change: update(ana, { profile: { ...ana.profile, title: 'Agent' } }),
      facts: managedBy(boss),
      ledger: none,
    },
    {
      name: 'deactivate a report whose manager is inactive (should not exist) → removeFrom that manager',
      change: update(ana, { active: false }),
      facts: managedBy(inactiveBoss),
      ledger: { addTo: null, removeFrom: 'boss' },
    },
  ])('$name', expectAllowed);
});

describe('order of checks: the first failing rule is the answer', () => {
  const incompleteOwner = user('owner', { profile: {}, managerId: null });

  it.each<RefusalCase>([
    {
      name: 'manager reference before I2: owner deactivated under themselves → invalid-manager',
      change: update(incompleteOwner, { active: false, managerId: 'owner' }),
      facts: facts({ activeReports: reports(2) }),
      refusal: { kind: 'invalid-manager', reason: 'self-manager' },
    },
    {
      name: 'I2 before I1: owner with active reports → owner-protected',
      change: update(incompleteOwner, { active: false }),
      facts: facts({ activeReports: reports(2) }),
      refusal: { kind: 'owner-protected' },
    },
    {
      name: 'I2 before I1 on delete: owner with active reports → owner-protected',
      change: remove(user('owner')),
      facts: facts({ activeReports: reports(2) }),
      refusal: { kind: 'owner-protected', action: 'delete' },
    },
    {
      name: 'I1 reports before I3: incomplete manager with active reports → has-active-reports',
      change: update(user('boss', { profile: {} }), { active: false }),
      facts: facts({ activeReports: reports(2) }),
      refusal: { kind: 'has-active-reports' },
    },
    {
      name: 'I1 manager before I3: incomplete user reactivated under an inactive manager → inactive-manager',
      change: update(user('ana', { active: false, managerId: 'gone', profile: {} }), { active: true }),
      facts: managedBy(gone),
      refusal: { kind: 'inactive-manager' },
    },
  ])('$name', expectRefused);
});

describe('purity', () => {
  it('same inputs → same decision, inputs left untouched (they are deeply frozen)', () => {
    const change = update(exAna, { active: true, managerId: 'lead' });
    const read = managedBy(lead, { activeReports: reports(1) });
    expect(decideChange(change, read, policy)).toEqual(decideChange(change, read, policy));
  });
});
