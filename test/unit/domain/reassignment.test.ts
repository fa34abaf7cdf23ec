import {
  planManagerDeactivation,
  type ReassignmentRequest,
  type Refusal,
  type UserState,
} from '../../../src/domain';
import { user } from './users';

const boss = user('boss', { canManageTeam: true });
const raj = user('raj', { managerId: 'boss' });
const li = user('li', { managerId: 'boss' });
const bo = user('bo', { managerId: 'boss' });
const team = [raj, li, bo];
const lead = user('lead', { canManageTeam: true });
const lead2 = user('lead2');
const gone = user('gone', { active: false });

const ref = ({ id, userName }: UserState) => ({ id, userName });
const known = (...users: UserState[]) => new Map(users.map((u) => [u.id, u]));
const everyone = known(lead, lead2, gone, ...team);

interface PlanCase {
  name: string;
  manager?: UserState;
  reports?: readonly UserState[];
  request: ReassignmentRequest;
  candidates?: ReadonlyMap<string, UserState>;
}

function plan({ manager = boss, reports = team, request, candidates = everyone }: PlanCase) {
  return planManagerDeactivation(manager, reports, request, candidates, 'owner');
}

describe('deactivate a manager: reassignment plans that go through', () => {
  it.each<PlanCase & { moves: { reportId: string; newManagerId: string }[] }>([
    {
      name: 'empty body, no active reports → allowed, nothing to move',
      reports: [],
      request: {},
      moves: [],
    },
    {
      name: 'reassignAllTo an active lead → every report moves to them, in report order',
      request: { reassignAllTo: 'lead' },
      moves: [
        { reportId: 'raj', newManagerId: 'lead' },
        { reportId: 'li', newManagerId: 'lead' },
        { reportId: 'bo', newManagerId: 'lead' },
      ],
    },
    {
      name: 'reassign one by one across two leads → each report moves to theirs',
      request: { reassign: { bo: 'lead2', raj: 'lead', li: 'lead2' } },
      moves: [
        { reportId: 'raj', newManagerId: 'lead' },
        { reportId: 'li', newManagerId: 'lead2' },
        { reportId: 'bo', newManagerId: 'lead2' },
      ],
    },
    {
      name: 'reassign parsed from JSON → same as a literal',
      request: { reassign: JSON.parse('{"raj":"lead","li":"lead","bo":"lead"}') as Record<string, string> },
      moves: [
        { reportId: 'raj', newManagerId: 'lead' },
        { reportId: 'li', newManagerId: 'lead' },
        { reportId: 'bo', newManagerId: 'lead' },
      ],
    },
    {
      name: 'new lead who is not a team lead (canManageTeam false) → allowed: any user may be a manager',
      request: { reassignAllTo: 'lead2' },
      moves: team.map((r) => ({ reportId: r.id, newManagerId: 'lead2' })),
    },
  ])('$name', ({ moves, ...rest }) => {
    expect(plan(rest)).toEqual({ allowed: true, moves });
  });
});

describe('deactivate a manager: refused plans change nothing', () => {
  it.each<PlanCase & { refusal: Partial<Refusal> }>([
    {
      name: 'owner → owner-protected, even with a valid plan (I2)',
      manager: user('owner'),
      request: { reassignAllTo: 'lead' },
      refusal: { kind: 'owner-protected', reason: 'owner', action: 'deactivate' },
    },
    {
      name: 'empty body with 3 active reports → has-active-reports naming them (I1)',
      request: {},
      refusal: { kind: 'has-active-reports', reason: 'active-reports', reports: team.map(ref) },
    },
    {
      name: 'a report left out of the map → has-active-reports naming who (I1)',
      request: { reassign: { raj: 'lead' } },
      refusal: { kind: 'has-active-reports', reason: 'reports-not-reassigned', reports: [ref(li), ref(bo)] },
    },
    {
      name: 'an empty map → every report left out',
      request: { reassign: {} },
      refusal: { kind: 'has-active-reports', reason: 'reports-not-reassigned', reports: team.map(ref) },
    },
    {
      name: 'a map key that is not an active report of this manager → invalid-value listing the ids',
      request: { reassign: { raj: 'lead', li: 'lead', bo: 'lead', lead2: 'lead', ghost: 'lead' } },
      refusal: { kind: 'invalid-value', reason: 'not-an-active-report', ids: ['lead2', 'ghost'] },
    },
    {
      name: '"__proto__" as a map key (from JSON) → an unknown report id, no crash',
      request: {
        reassign: JSON.parse('{"raj":"lead","li":"lead","bo":"lead","__proto__":"lead"}') as Record<
          string,
          string
        >,
      },
      refusal: { kind: 'invalid-value', reason: 'not-an-active-report', ids: ['__proto__'] },
    },
    {
      name: '"constructor" and "toString" as map keys → unknown report ids',
      request: { reassign: { raj: 'lead', li: 'lead', bo: 'lead', constructor: 'lead', toString: 'lead' } },
      refusal: { kind: 'invalid-value', ids: ['constructor', 'toString'] },
    },
    {
      name: 'reassignAllTo an unknown user → invalid-manager naming every report',
      request: { reassignAllTo: 'nobody' },
      refusal: {
        kind: 'invalid-manager',
        reason: 'unknown-new-manager',
        newManagerId: 'nobody',
        reports: team.map(ref),
      },
    },
    {
      name: 'reassignAllTo "__proto__" → an unknown user',
      request: { reassignAllTo: '__proto__' },
      refusal: { kind: 'invalid-manager', reason: 'unknown-new-manager', newManagerId: '__proto__' },
    },
    {
      name: 'one report to an unknown user → invalid-manager naming that report',
      request: { reassign: { raj: 'lead', li: 'nobody', bo: 'lead' } },
      refusal: {
        kind: 'invalid-manager',
        reason: 'unknown-new-manager',
        newManagerId: 'nobody',
        reports: [ref(li)],
      },
    },
    {
      name: 'reassignAllTo an inactive user → inactive-manager (409)',
      request: { reassignAllTo: 'gone' },
      refusal: {
        kind: 'inactive-manager',
        reason: 'new-manager-inactive',
        newManager: ref(gone),
        reports: team.map(ref),
      },
    },
    {
      name: 'two reports to an inactive user → inactive-manager naming both',
      request: { reassign: { raj: 'gone', li: 'lead', bo: 'gone' } },
      refusal: { kind: 'inactive-manager', reason: 'new-manager-inactive', reports: [ref(raj), ref(bo)] },
    },
    {
      name: 'reassignAllTo the manager being deactivated → inactive-manager (I1)',
      request: { reassignAllTo: 'boss' },
      refusal: {
        kind: 'inactive-manager',
        reason: 'new-manager-is-being-deactivated',
        reports: team.map(ref),
      },
    },
    {
      name: 'reassignAllTo one of the reports → inactive-manager: a new lead may not be a report being moved',
      request: { reassignAllTo: 'raj' },
      refusal: { kind: 'inactive-manager', reason: 'new-manager-is-being-moved', newManager: ref(raj) },
    },
    {
      name: 'report A under report B while B moves elsewhere → inactive-manager',
      request: { reassign: { raj: 'li', li: 'lead', bo: 'lead' } },
      refusal: {
        kind: 'inactive-manager',
        reason: 'new-manager-is-being-moved',
        newManager: ref(li),
        reports: [ref(raj)],
      },
    },
    {
      name: 'two reports under each other (a cycle) → inactive-manager',
      request: { reassign: { raj: 'li', li: 'raj', bo: 'lead' } },
      refusal: { kind: 'inactive-manager', reason: 'new-manager-is-being-moved', newManager: ref(li) },
    },
    {
      name: 'a report to themselves → inactive-manager',
      request: { reassign: { raj: 'lead', li: 'li', bo: 'lead' } },
      refusal: {
        kind: 'inactive-manager',
        reason: 'new-manager-is-being-moved',
        newManager: ref(li),
        reports: [ref(li)],
      },
    },
    {
      name: 'a report who is also in candidates is still a report being moved',
      request: { reassign: { raj: 'bo', li: 'lead', bo: 'lead' } },
      candidates: known(lead, bo),
      refusal: { kind: 'inactive-manager', reason: 'new-manager-is-being-moved', newManager: ref(bo) },
    },
  ])('$name', ({ refusal, ...rest }) => {
    expect(plan(rest)).toEqual({ allowed: false, refusal: expect.objectContaining(refusal) });
  });
});

describe('deactivate a manager: order of checks', () => {
  it.each<PlanCase & { refusal: Partial<Refusal> }>([
    {
      name: 'owner before everything: owner with an empty body and reports → owner-protected',
      manager: user('owner'),
      request: {},
      refusal: { kind: 'owner-protected' },
    },
    {
      name: 'stray ids before left-out reports',
      request: { reassign: { ghost: 'lead' } },
      refusal: { reason: 'not-an-active-report' },
    },
    {
      name: 'left-out reports before new-manager checks',
      request: { reassign: { raj: 'nobody' } },
      refusal: { reason: 'reports-not-reassigned' },
    },
    {
      name: 'new managers judged in report order: the first report’s new manager answers',
      request: { reassign: { bo: 'nobody', raj: 'gone', li: 'lead' } },
      refusal: { reason: 'new-manager-inactive' },
    },
  ])('$name', ({ refusal, ...rest }) => {
    expect(plan(rest)).toEqual({ allowed: false, refusal: expect.objectContaining(refusal) });
  });
});
