import { decideOwnerTransfer } from '../../../src/domain';
import { user } from './users';

describe('owner transfer (I2): the new primary owner exists and is active', () => {
  it('transfer: to an active user → allowed', () => {
    expect(decideOwnerTransfer(user('lead'))).toEqual({ allowed: true });
  });

  it('transfer: to a user that does not exist → invalid-value', () => {
    expect(decideOwnerTransfer(null)).toEqual({
      allowed: false,
      refusal: { kind: 'invalid-value', reason: 'unknown-new-owner' },
    });
  });

  it('transfer: to a deactivated user → owner-protected naming them', () => {
    expect(decideOwnerTransfer(user('ex', { active: false }))).toEqual({
      allowed: false,
      refusal: {
        kind: 'owner-protected',
        reason: 'new-owner-inactive',
        user: { id: 'ex', userName: 'ex@x.com' },
      },
    });
  });
});
