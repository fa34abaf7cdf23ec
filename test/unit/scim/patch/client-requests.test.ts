/** Request bodies replayed exactly as Okta and Microsoft Entra ID send them (test/fixtures). */
import { applyPatch } from '../../../../src/scim/resources/users/user-patch';
import { deepFreeze, ENTERPRISE, fixture, patchBody, userResource } from './user-fixtures';

const babs = deepFreeze(userResource());
const noManager = deepFreeze(userResource({ [ENTERPRISE]: { department: 'Tour Operations' } }));

describe('Okta PATCH requests', () => {
  it('deactivate: replace with no path and value {active: false}', () => {
    expect(applyPatch(babs, fixture('okta', 'deactivate-user')).active).toBe(false);
  });

  it('reactivate: replace with no path and value {active: true}', () => {
    expect(applyPatch(userResource({ active: false }), fixture('okta', 'reactivate-user')).active).toBe(true);
  });

  it('a password in a no-path replace is discarded', () => {
    const result = applyPatch(babs, patchBody({ op: 'replace', value: { password: 'n3wP@ss' } }));
    expect(result).not.toHaveProperty('password');
  });
});

describe('Microsoft Entra ID PATCH requests', () => {
  it('multi-valued update: Replace emails[type eq "work"].value and name.familyName', () => {
    const result = applyPatch(babs, fixture('entra', 'update-user-multi-valued'));
    expect(result.emails![0]).toEqual({ value: 'updatedEmail@microsoft.com', type: 'work', primary: true });
    expect(result.name).toEqual({ givenName: 'Barbara', familyName: 'updatedFamilyName' });
  });

  it('single-valued update: Replace userName', () => {
    expect(applyPatch(babs, fixture('entra', 'update-user-single-valued')).userName).toBe(
      '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com',
    );
  });

  it('disable: Replace active false', () => {
    expect(applyPatch(babs, fixture('entra', 'disable-user')).active).toBe(false);
  });

  it('disable with the string "False" (no aadOptscim062020 flag)', () => {
    expect(applyPatch(babs, fixture('entra', 'disable-user-string-boolean')).active).toBe(false);
  });

  it('Add …:manager with a bare id string', () => {
    expect(applyPatch(noManager, fixture('entra', 'add-manager'))[ENTERPRISE]).toEqual({
      department: 'Tour Operations',
      manager: { value: '2819c223-7f76-453a-919d-413861904646' },
    });
  });

  it('Replace …:manager.value (scimmy answers noTarget)', () => {
    expect(applyPatch(babs, fixture('entra', 'replace-manager-value'))[ENTERPRISE]?.manager).toEqual({
      value: '9c5ba3a6-1c6b-4a2e-9c53-0b3f3a7d2f10',
    });
    expect(applyPatch(noManager, fixture('entra', 'replace-manager-value'))[ENTERPRISE]?.manager).toEqual({
      value: '9c5ba3a6-1c6b-4a2e-9c53-0b3f3a7d2f10',
    });
  });

  it('Remove …:manager clears it, and succeeds when there is no manager', () => {
    expect(applyPatch(babs, fixture('entra', 'remove-manager'))[ENTERPRISE]).toEqual({
      department: 'Tour Operations',
    });
    expect(applyPatch(noManager, fixture('entra', 'remove-manager'))[ENTERPRISE]).toEqual({
      department: 'Tour Operations',
    });
  });

  it('Remove …:manager with the old manager as value clears it too', () => {
    const body = patchBody({
      op: 'Remove',
      path: `${ENTERPRISE}:manager`,
      value: [{ value: '26118915-6090-4610-87e4-49d8ca9f808d' }],
    });
    expect(applyPatch(babs, body)[ENTERPRISE]).toEqual({ department: 'Tour Operations' });
  });

  it.each(['', { value: '' }, null])('Replace …:manager with %j clears it', (value) => {
    const result = applyPatch(babs, patchBody({ op: 'Replace', path: `${ENTERPRISE}:manager`, value }));
    expect(result[ENTERPRISE]).toEqual({ department: 'Tour Operations' });
  });

  it('filtered Adds on a user with no work email, mobile phone or work address create those elements', () => {
    const sparse = userResource({
      emails: [{ value: 'babs@jensen.org', type: 'home' }],
      phoneNumbers: undefined,
    });
    const result = applyPatch(sparse, fixture('entra', 'add-attributes-filtered'));
    expect(result.emails).toEqual([
      { value: 'babs@jensen.org', type: 'home' },
      { type: 'work', value: 'ryan@contoso.com' },
    ]);
    expect(result.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 425 555 0100' }]);
    expect(result.addresses).toEqual([{ type: 'work', formatted: '1 Microsoft Way, Redmond, WA 98052' }]);
    expect(result[ENTERPRISE]?.employeeNumber).toBe('701984');
  });

  it('no-path replace with dotted and URN-qualified keys, a string boolean and a bare manager', () => {
    const result = applyPatch(userResource({ active: false }), fixture('entra', 'update-user-no-path'));
    expect(result).toMatchObject({
      displayName: 'Babs Jensen',
      name: { givenName: 'Barbara', familyName: 'Jensen' },
      active: true,
      [ENTERPRISE]: {
        department: 'Tour Operations',
        manager: { value: '2819c223-7f76-453a-919d-413861904646' },
      },
    });
  });

  it('roles with an Entra role type and "True" primary are accepted', () => {
    const body = patchBody({
      op: 'Add',
      path: 'roles',
      value: [{ primary: 'True', type: 'WindowsAzureActiveDirectoryRole', display: 'Admin', value: 'Admin' }],
    });
    expect(applyPatch(babs, body).roles).toEqual([
      { primary: true, type: 'WindowsAzureActiveDirectoryRole', display: 'Admin', value: 'Admin' },
    ]);
  });
});
