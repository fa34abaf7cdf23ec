import {
  firstRequest,
  pendableAction,
  pendingBlock,
  refusalToError,
  withPendingNotice,
  type Refusal,
} from '../../../src/domain';

const mia = { id: 'm', userName: 'mia@x.com' };
const reports = [
  { id: 'a', userName: 'ana' },
  { id: 'r', userName: 'raj' },
];

const activeReports = (action: 'deactivate' | 'delete'): Refusal => ({
  kind: 'has-active-reports',
  reason: 'active-reports',
  action,
  user: mia,
  reports,
});
const owner = (action: 'deactivate' | 'delete'): Refusal => ({
  kind: 'owner-protected',
  reason: 'owner',
  action,
  user: mia,
});

describe('pending deactivations (domain)', () => {
  it.each([
    ['I1, SCIM deactivate', activeReports('deactivate'), 'scim', 'deactivate'],
    ['I1, /Bulk delete', activeReports('delete'), 'scim-bulk', 'delete'],
    ['I2, SCIM delete', owner('delete'), 'scim', 'delete'],
    [
      'I1 on the admin API: the person gets the Deactivate a Manager step instead',
      activeReports('deactivate'),
      'admin',
      null,
    ],
    ['I1 in a spreadsheet', activeReports('deactivate'), 'csv', null],
    [
      'I3 is the IdP to fix in its request',
      {
        kind: 'incomplete-profile',
        reason: 'incomplete-profile',
        action: 'deactivate',
        user: mia,
        missing: ['emails'],
      },
      'scim',
      null,
    ],
    [
      'the Deactivate a Manager plan',
      {
        kind: 'has-active-reports',
        reason: 'reports-not-reassigned',
        action: 'deactivate',
        user: mia,
        reports,
      },
      'scim',
      null,
    ],
  ] as const)('pendableAction: %s → %s', (_name, refusal, channel, expected) => {
    expect(pendableAction(refusal as Refusal, channel)).toBe(expected);
  });

  it('the 409 detail gains one sentence saying what Roster will do and when', () => {
    const refusal = activeReports('deactivate');
    const error = withPendingNotice(refusalToError(refusal), refusal, 'deactivate');
    expect(error.kind).toBe('has-active-reports');
    expect(error.detail).toBe(
      'Cannot deactivate "mia@x.com": 2 active direct reports (ana, raj); reassign them to another manager first. Roster has recorded this request and will deactivate the user once their team is reassigned; no retry is needed.',
    );
    expect(error.data).toMatchObject({ reports, pending: true });
    const ownerError = withPendingNotice(refusalToError(owner('delete')), owner('delete'), 'delete');
    expect(ownerError.detail).toMatch(
      /primary account owner; .* Roster has recorded this request and will delete the user once ownership of the account is transferred; no retry is needed\.$/,
    );
  });

  it('firstRequest: who asked, through which channel, when; one attempt', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    expect(firstRequest('delete', { tokenName: 'okta', channel: 'scim-bulk' }, at)).toEqual({
      action: 'delete',
      requestedBy: 'okta',
      channel: 'scim-bulk',
      requestedAt: at,
      lastRequestedAt: at,
      attempts: 1,
    });
  });

  it('pendingBlock: the owner first, then reports (five names at most), then missing attributes; none → null', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ id: `${i}`, userName: `u${i}` }));
    expect(pendingBlock({ isOwner: true, activeReports: many, missing: ['title'] })).toEqual({
      primaryOwner: true,
    });
    expect(pendingBlock({ isOwner: false, activeReports: many, missing: ['title'] })).toEqual({
      activeReports: 7,
      names: ['u0', 'u1', 'u2', 'u3', 'u4'],
    });
    expect(pendingBlock({ isOwner: false, activeReports: [], missing: ['title'] })).toEqual({
      missing: ['title'],
    });
    expect(pendingBlock({ isOwner: false, activeReports: [], missing: [] })).toBeNull();
    expect(pendingBlock({ isOwner: false, activeReports: [], missing: undefined })).toBeNull();
  });
});
