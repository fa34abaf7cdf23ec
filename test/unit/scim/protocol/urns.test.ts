import { groupFieldMap } from '../../../../src/store/filter/group-fields';
import { userFieldMap } from '../../../../src/store/filter/user-fields';
import { CORE_GROUP, CORE_USER, ENTERPRISE_USER, ROSTER_USER } from '../../../../src/domain';

// The store's field maps name the domain's resource URNs (src/domain/schema-urns.ts), the ones SCIM
// speaks: if they drifted, qualified filters would name nothing.
describe('the store field maps name the resource URNs SCIM speaks', () => {
  it('has the core schemas of Users and Groups', () => {
    expect(userFieldMap.coreSchema).toBe(CORE_USER.toLowerCase());
    expect(groupFieldMap.coreSchema).toBe(CORE_GROUP.toLowerCase());
  });

  it('has the extension attributes under the extension URNs', () => {
    expect(userFieldMap.fields.get(`${ENTERPRISE_USER}:department`.toLowerCase())?.field).toBe(
      'enterprise.department',
    );
    expect(userFieldMap.fields.get(`${ROSTER_USER}:canManageTeam`.toLowerCase())?.field).toBe(
      'canManageTeam',
    );
  });
});
