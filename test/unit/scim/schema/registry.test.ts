import { matchesFilter } from '../../../../src/scim/filter/match';
import { parseFilter } from '../../../../src/scim/filter/parse';
import { userSchemaDefinitions, userSchemas } from '../../../../src/scim/schema/registry';
import { CORE, ENTERPRISE, ROSTER, userResource } from '../patch/user-fixtures';

/** RFC 7643 §4.1 (plus the §3.1 common attributes), less `password`, which Roster does not store. */
const CORE_ATTRIBUTES = [
  'id',
  'externalId',
  'meta',
  'userName',
  'name',
  'displayName',
  'nickName',
  'profileUrl',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'active',
  'emails',
  'phoneNumbers',
  'ims',
  'photos',
  'addresses',
  'groups',
  'entitlements',
  'roles',
  'x509Certificates',
];

describe('schema files (RFC 7643 §7 representations)', () => {
  it('lists the core User, the enterprise extension and the Roster extension, in that order', () => {
    expect(userSchemaDefinitions.map((s) => s.id)).toEqual([CORE, ENTERPRISE, ROSTER]);
    expect(userSchemas.core.id).toBe(CORE);
    expect(userSchemas.extensionUrns).toEqual([ENTERPRISE, ROSTER]);
  });

  it('core User: every RFC 7643 §4.1 attribute except password, and says why password is missing', () => {
    expect(userSchemas.core.attributes.map((a) => a.name)).toEqual(CORE_ATTRIBUTES);
    expect(userSchemas.core.description).toMatch(/stores no passwords/);
  });

  it('userName: required, unique per server, case-insensitive; id: readOnly, always returned, case-exact', () => {
    expect(userSchemas.attribute(CORE, 'userName')).toMatchObject({
      required: true,
      uniqueness: 'server',
      caseExact: false,
      mutability: 'readWrite',
    });
    expect(userSchemas.attribute(CORE, 'id')).toMatchObject({
      mutability: 'readOnly',
      returned: 'always',
      caseExact: true,
    });
  });

  it('groups and all its sub-attributes are readOnly', () => {
    const groups = userSchemas.attribute(CORE, 'groups')!;
    expect(groups.mutability).toBe('readOnly');
    expect(groups.subAttributes.map((s) => [s.name, s.mutability])).toEqual([
      ['value', 'readOnly'],
      ['$ref', 'readOnly'],
      ['display', 'readOnly'],
      ['type', 'readOnly'],
    ]);
  });

  it('lists the usual canonical values (advisory) for emails.type', () => {
    const emails = userSchemaDefinitions[0]!.attributes.find((a) => a.name === 'emails')!;
    expect(emails.subAttributes!.find((s) => s.name === 'type')!.canonicalValues).toEqual([
      'work',
      'home',
      'other',
    ]);
  });

  it('enterprise extension: the RFC 7643 §4.3 attributes, manager.$ref readWrite (§8.7.1), manager.displayName readOnly', () => {
    expect(userSchemas.attributesOf(ENTERPRISE).map((a) => a.name)).toEqual([
      'employeeNumber',
      'costCenter',
      'organization',
      'division',
      'department',
      'manager',
    ]);
    const manager = userSchemas.attribute(ENTERPRISE, 'manager')!;
    expect(manager.subAttributes.map((s) => [s.name, s.mutability])).toEqual([
      ['value', 'readWrite'],
      ['$ref', 'readWrite'],
      ['displayName', 'readOnly'],
    ]);
  });

  it('Roster extension: canManageTeam readWrite boolean, primaryOwner readOnly boolean', () => {
    expect(userSchemas.attribute(ROSTER, 'canManageTeam')).toMatchObject({
      type: 'boolean',
      mutability: 'readWrite',
      returned: 'default',
    });
    expect(userSchemaDefinitions[2]!.attributes[0]!.description).toBe(
      'Team lead: may manage a team; default false',
    );
    expect(userSchemas.attribute(ROSTER, 'primaryOwner')).toMatchObject({
      type: 'boolean',
      mutability: 'readOnly',
    });
  });

  it('fills in the RFC 7643 §2.2 defaults where a definition leaves characteristics out', () => {
    expect(userSchemas.attribute(CORE, 'active')).toMatchObject({
      caseExact: false,
      required: false,
      uniqueness: 'none',
      mutability: 'readWrite',
    });
  });
});

describe('SchemaRegistry lookups', () => {
  it.each([
    ['userName', CORE, 'userName', undefined],
    ['USERNAME', CORE, 'userName', undefined],
    ['Name.GivenName', CORE, 'name', 'givenName'],
    [`${CORE}:userName`, CORE, 'userName', undefined],
    [`${ENTERPRISE}:department`, ENTERPRISE, 'department', undefined],
    [`${ENTERPRISE.toUpperCase()}:MANAGER.VALUE`, ENTERPRISE, 'manager', 'value'],
    ['department', ENTERPRISE, 'department', undefined],
    ['manager.displayName', ENTERPRISE, 'manager', 'displayName'],
    ['canmanageteam', ROSTER, 'canManageTeam', undefined],
    ['emails.$ref', undefined, undefined, undefined],
    ['groups.$REF', CORE, 'groups', '$ref'],
  ])('resolveName(%s) → %s %s.%s', (text, schema, attribute, sub) => {
    const resolved = userSchemas.resolveName(text);
    if (schema === undefined) {
      expect(resolved).toBeUndefined();
      return;
    }
    expect(resolved?.schema).toBe(schema);
    expect(resolved?.extension).toBe(schema !== CORE);
    expect(resolved?.attribute.name).toBe(attribute);
    expect(resolved?.subAttribute?.name).toBe(sub);
  });

  it.each([
    'password',
    'nope',
    'name.nope',
    'name.givenName.extra',
    'userName.sub',
    '__proto__',
    'constructor',
    'urn:ietf:params:scim:schemas:extension:other:2.0:User:department',
    `${ENTERPRISE}:userName`,
    ENTERPRISE,
  ])('resolveName(%s) → undefined (unknown)', (text) => {
    expect(userSchemas.resolveName(text)).toBeUndefined();
  });

  it('resolves parsed paths with the URN as written, in any case', () => {
    expect(
      userSchemas.resolve({ schema: ENTERPRISE.toLowerCase(), attr: 'Manager', subAttr: 'Value' }),
    ).toMatchObject({
      schema: ENTERPRISE,
      attribute: { name: 'manager' },
      subAttribute: { name: 'value' },
    });
    expect(userSchemas.resolve({ schema: ROSTER, attr: 'department' })).toBeUndefined();
  });

  it('knows schema URNs case-insensitively and tells extensions from the core', () => {
    expect(userSchemas.schemaUrn(ENTERPRISE.toUpperCase())).toBe(ENTERPRISE);
    expect(userSchemas.isExtension(ROSTER.toLowerCase())).toBe(true);
    expect(userSchemas.isExtension(CORE)).toBe(false);
    expect(userSchemas.schemaUrn('urn:ietf:params:scim:schemas:core:2.0:Group')).toBeUndefined();
  });

  it.each([
    [{ attr: 'id' }, true],
    [{ attr: 'userName' }, false],
    [{ attr: 'externalId' }, true],
    [{ attr: 'emails', subAttr: 'value' }, false],
    [{ attr: 'emails' }, false],
    [{ schema: ENTERPRISE, attr: 'manager', subAttr: 'value' }, true],
    [{ attr: 'manager' }, true],
    [{ attr: 'meta', subAttr: 'version' }, true],
    [{ attr: 'unknown' }, false],
  ])('caseExact(%j) → %s', (path, expected) => {
    expect(userSchemas.caseExact(path)).toBe(expected);
  });

  it('serves as the casing of the filter matcher: userName case-insensitive, id case-exact', () => {
    const babs = userResource() as unknown as Record<string, unknown>;
    expect(matchesFilter(parseFilter('userName eq "BJENSEN@example.com"'), babs, userSchemas)).toBe(true);
    expect(
      matchesFilter(parseFilter('id eq "2819C223-7F76-453A-919D-413861904646"'), babs, userSchemas),
    ).toBe(false);
  });
});
