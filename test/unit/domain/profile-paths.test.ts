import { isUserAttributePath } from '../../../src/domain';
import { USER_ATTRIBUTES } from '../../../src/domain/profile-paths';
import { userSchemas } from '../../../src/scim/schema/registry';

const definitions = [userSchemas.core, ...userSchemas.extensions];

describe('isUserAttributePath: the attribute paths a tenant policy may require (I3)', () => {
  it('lists exactly the attributes and sub-attributes of schemas/*.json', () => {
    const fromFiles = Object.fromEntries(
      definitions.map((d) => [
        d.id,
        Object.fromEntries(d.attributes.map((a) => [a.name, (a.subAttributes ?? []).map((s) => s.name)])),
      ]),
    );
    expect(USER_ATTRIBUTES).toEqual(fromFiles);
  });

  it('agrees with the SCIM schema registry on every name, plain, qualified and in another case', () => {
    const paths = definitions.flatMap((d) =>
      d.attributes.flatMap((a) => {
        const names = [a.name, ...(a.subAttributes ?? []).map((s) => `${a.name}.${s.name}`)];
        return names.flatMap((n) => [n, `${d.id}:${n}`, n.toUpperCase(), `${d.id.toUpperCase()}:${n}`]);
      }),
    );
    for (const path of paths) {
      expect([path, isUserAttributePath(path)]).toEqual([path, userSchemas.resolveName(path) !== undefined]);
    }
    expect(paths.filter(isUserAttributePath).length).toBeGreaterThan(100);
  });

  it.each([
    'shoeSize',
    'name.shoeSize',
    'name.givenName.first',
    'urn:example:User:title',
    'urn:ietf:params:scim:schemas:core:2.0:User:department',
    '',
    '.title',
  ])('refuses %j', (path) => {
    expect(isUserAttributePath(path)).toBe(false);
    expect(userSchemas.resolveName(path)).toBeUndefined();
  });

  it('reads the policy defaults and an unqualified extension attribute', () => {
    for (const path of [
      'name.givenName',
      'name.familyName',
      'emails',
      'department',
      'manager.value',
      'title',
    ]) {
      expect(isUserAttributePath(path)).toBe(true);
    }
  });
});
