import {
  checkManageUsersRemoval,
  holdsManageUsers,
  readSsoSettings,
  RosterError,
  withManageUsers,
} from '../../../src/domain';

describe('Manage Users (contract.md, People sign in to the page)', () => {
  it.each([
    [[{ value: 'Manage Users' }], false, true],
    [[{ value: 'manage users' }], false, true],
    [[{ value: ' MANAGE USERS ' }], false, true],
    [[{ value: 'Manage Users Lite' }], false, false],
    [[{ value: 'Viewer' }], false, false],
    [undefined, false, false],
    [undefined, true, true],
  ])('roles %j, owner %s → holds it: %s', (roles, primaryOwner, holds) => {
    expect(holdsManageUsers({ roles, primaryOwner })).toBe(holds);
  });

  it('granting adds the role once; removing takes every spelling of it and keeps the rest', () => {
    const roles = [{ value: 'Viewer', primary: true }, { value: 'manage users' }];
    expect(withManageUsers(roles, true)).toEqual([
      { value: 'Viewer', primary: true },
      { value: 'Manage Users' },
    ]);
    expect(withManageUsers(roles, false)).toEqual([{ value: 'Viewer', primary: true }]);
    expect(withManageUsers(undefined, true)).toEqual([{ value: 'Manage Users' }]);
  });

  it('the last active holder keeps it on an account without an owner; otherwise it may go', () => {
    expect(() =>
      checkManageUsersRemoval({ userName: 'ana', ownerExists: false, otherActiveHolders: 0 }),
    ).toThrow(RosterError);
    expect(() =>
      checkManageUsersRemoval({ userName: 'ana', ownerExists: false, otherActiveHolders: 0 }),
    ).toThrow(/last active person who holds Manage Users/);
    expect(() =>
      checkManageUsersRemoval({ userName: 'ana', ownerExists: true, otherActiveHolders: 0 }),
    ).not.toThrow();
    expect(() =>
      checkManageUsersRemoval({ userName: 'ana', ownerExists: false, otherActiveHolders: 1 }),
    ).not.toThrow();
  });
});

describe('readSsoSettings', () => {
  const base = { issuer: 'https://idp.example.com/', clientId: 'c', clientSecret: 's' };
  it('keeps the issuer exactly (its iss must match), defaults the email claim', () => {
    expect(readSsoSettings(base)).toEqual({ ...base, emailClaim: 'email' });
  });
  it.each(['http://idp.example.com', 'ftp://idp.example.com', 'https://idp.example.com/?x=1', 'idp'])(
    'refuses issuer %s',
    (issuer) => {
      expect(() => readSsoSettings({ ...base, issuer })).toThrow(/issuer must be/);
    },
  );
  it('allows plain http to this machine only (a development IdP)', () => {
    expect(readSsoSettings({ ...base, issuer: 'http://127.0.0.1:4000' }).issuer).toBe(
      'http://127.0.0.1:4000',
    );
    expect(readSsoSettings({ ...base, issuer: 'http://localhost:4000' }).issuer).toBe(
      'http://localhost:4000',
    );
  });
});
