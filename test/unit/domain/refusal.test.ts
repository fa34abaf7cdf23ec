import { RosterError, refusalToError, type Refusal } from '../../../src/domain';
import { reports } from './users';

const ana = { id: 'ana', userName: 'ana@x.com' };
const boss = { id: 'boss', userName: 'boss@x' };
const raj = { id: 'raj', userName: 'raj@x.com' };
const team = [raj, { id: 'li', userName: 'li@x.com' }, { id: 'bo', userName: 'bo@x.com' }];

describe('refusalToError: the detail says what blocks the change and what to do', () => {
  it.each<{ name: string; refusal: Refusal; detail: string }>([
    {
      name: 'deactivate: 3 active reports → count and every name',
      refusal: {
        kind: 'has-active-reports',
        reason: 'active-reports',
        action: 'deactivate',
        user: ana,
        reports: team,
      },
      detail:
        'Cannot deactivate "ana@x.com": 3 active direct reports (raj@x.com, li@x.com, bo@x.com); reassign them to another manager first.',
    },
    {
      name: 'delete: 1 active report → singular',
      refusal: {
        kind: 'has-active-reports',
        reason: 'active-reports',
        action: 'delete',
        user: ana,
        reports: reports(1),
      },
      detail:
        'Cannot delete "ana@x.com": 1 active direct report (r1@x.com); reassign them to another manager first.',
    },
    {
      name: 'deactivate: 7 active reports → five names and "and 2 more"',
      refusal: {
        kind: 'has-active-reports',
        reason: 'active-reports',
        action: 'deactivate',
        user: ana,
        reports: reports(7),
      },
      detail:
        'Cannot deactivate "ana@x.com": 7 active direct reports (r1@x.com, r2@x.com, r3@x.com, r4@x.com, r5@x.com and 2 more); reassign them to another manager first.',
    },
    {
      name: 'reactivate under an inactive manager',
      refusal: {
        kind: 'inactive-manager',
        reason: 'inactive-manager',
        action: 'reactivate',
        user: ana,
        manager: boss,
      },
      detail:
        'Cannot reactivate "ana@x.com": manager "boss@x" is deactivated; reactivate them or choose another manager.',
    },
    {
      name: 'deactivate the owner',
      refusal: { kind: 'owner-protected', reason: 'owner', action: 'deactivate', user: ana },
      detail:
        'Cannot deactivate "ana@x.com": this user is the primary account owner; transfer ownership first (PUT /api/v1/account/owner).',
    },
    {
      name: 'incomplete profile, two attributes',
      refusal: {
        kind: 'incomplete-profile',
        reason: 'incomplete-profile',
        action: 'deactivate',
        user: ana,
        missing: ['name.familyName', 'emails'],
      },
      detail:
        'Cannot deactivate "ana@x.com": the profile is missing the required attributes name.familyName, emails; fill them in, first or in the same request (placeholder values are accepted).',
    },
    {
      name: 'incomplete profile, one attribute',
      refusal: {
        kind: 'incomplete-profile',
        reason: 'incomplete-profile',
        action: 'reactivate',
        user: ana,
        missing: ['emails'],
      },
      detail:
        'Cannot reactivate "ana@x.com": the profile is missing the required attribute emails; fill it in, first or in the same request (placeholder values are accepted).',
    },
    {
      name: 'unknown manager',
      refusal: {
        kind: 'invalid-manager',
        reason: 'unknown-manager',
        action: 'create',
        user: ana,
        managerId: 'u-9',
      },
      detail:
        'Cannot create "ana@x.com": manager "u-9" is not a user of this account; set manager.value to the id of an existing user, or remove the manager.',
    },
    {
      name: 'self as manager',
      refusal: { kind: 'invalid-manager', reason: 'self-manager', action: 'update', user: ana },
      detail:
        'Cannot update "ana@x.com": a user cannot be their own manager; choose another manager, or remove the manager.',
    },
    {
      name: 'manager cycle',
      refusal: {
        kind: 'invalid-manager',
        reason: 'manager-cycle',
        action: 'update',
        user: ana,
        manager: boss,
      },
      detail:
        'Cannot update "ana@x.com": manager "boss@x" reports to "ana@x.com" (directly or through others), so this would make a reporting cycle; choose a manager outside their reporting line.',
    },
    {
      name: 'reassignment leaves reports out',
      refusal: {
        kind: 'has-active-reports',
        reason: 'reports-not-reassigned',
        action: 'deactivate',
        user: boss,
        reports: team.slice(0, 2),
      },
      detail:
        'Cannot deactivate "boss@x": 2 active direct reports have no new manager in the request (raj@x.com, li@x.com); give each of them a new manager, or use reassignAllTo.',
    },
    {
      name: 'reassignment names someone who is not an active report',
      refusal: {
        kind: 'invalid-value',
        reason: 'not-an-active-report',
        action: 'deactivate',
        user: boss,
        ids: ['__proto__'],
      },
      detail:
        'Cannot deactivate "boss@x": the reassignment names "__proto__", which is not an active direct report of "boss@x"; reload the team and try again.',
    },
    {
      name: 'reassignment to an unknown new manager',
      refusal: {
        kind: 'invalid-manager',
        reason: 'unknown-new-manager',
        action: 'deactivate',
        user: boss,
        newManagerId: 'u-9',
        reports: team,
      },
      detail:
        'Cannot deactivate "boss@x": new manager "u-9" (for raj@x.com, li@x.com, bo@x.com) is not a user of this account; choose an existing user.',
    },
    {
      name: 'reassignment to an inactive new manager',
      refusal: {
        kind: 'inactive-manager',
        reason: 'new-manager-inactive',
        action: 'deactivate',
        user: boss,
        newManager: ana,
        reports: team.slice(0, 1),
      },
      detail:
        'Cannot deactivate "boss@x": new manager "ana@x.com" (for raj@x.com) is deactivated; reactivate them or choose another manager.',
    },
    {
      name: 'reassignment to one of the reports being moved',
      refusal: {
        kind: 'inactive-manager',
        reason: 'new-manager-is-being-moved',
        action: 'deactivate',
        user: boss,
        newManager: raj,
        reports: team.slice(1),
      },
      detail:
        'Cannot deactivate "boss@x": new manager "raj@x.com" (for li@x.com, bo@x.com) is one of the reports being reassigned; choose a manager outside "boss@x"\'s team.',
    },
    {
      name: 'reassignment to the manager being deactivated',
      refusal: {
        kind: 'inactive-manager',
        reason: 'new-manager-is-being-deactivated',
        action: 'deactivate',
        user: boss,
        reports: team.slice(0, 1),
      },
      detail:
        'Cannot deactivate "boss@x": raj@x.com cannot be reassigned to "boss@x", who is being deactivated; choose another manager.',
    },
    {
      name: 'owner transfer to nobody',
      refusal: { kind: 'invalid-value', reason: 'unknown-new-owner' },
      detail:
        'Cannot transfer ownership: the user named as the new primary account owner does not exist in this account.',
    },
    {
      name: 'owner transfer to a deactivated user',
      refusal: { kind: 'owner-protected', reason: 'new-owner-inactive', user: ana },
      detail:
        'Cannot transfer ownership to "ana@x.com": this user is deactivated, and the primary account owner must be active; reactivate them first.',
    },
  ])('$name', ({ refusal, detail }) => {
    const error = refusalToError(refusal);
    expect(error).toBeInstanceOf(RosterError);
    expect(error.kind).toBe(refusal.kind);
    expect(error.detail).toBe(detail);
    expect(error.data).toEqual(refusal);
  });
});
