import { RosterError } from '../../../../src/domain/errors';
import { coerceUserInput } from '../../../../src/scim/schema/coerce';
import { CORE, deepFreeze, ENTERPRISE, fixture, ROSTER } from '../patch/user-fixtures';

function user(fields: Record<string, unknown>): Record<string, unknown> {
  return { schemas: [CORE], userName: 'bjensen', ...fields };
}

/** The RosterError a call throws, for asserting its kind and detail. */
function errorOf(run: () => unknown): RosterError {
  try {
    run();
  } catch (err) {
    if (err instanceof RosterError) return err;
    throw err;
  }
  throw new Error('expected a RosterError');
}

describe('coerceUserInput: body shape', () => {
  it.each([null, 'bjensen', 42, [], [{ userName: 'x' }]])('%j is not a User → invalid-syntax', (body) => {
    expect(errorOf(() => coerceUserInput(body, 'create')).kind).toBe('invalid-syntax');
  });

  it('missing schemas → invalid-syntax (RFC 7643 §3 REQUIRED; Okta and Entra always send it)', () => {
    const error = errorOf(() => coerceUserInput({ userName: 'bjensen' }, 'create'));
    expect(error).toMatchObject({ kind: 'invalid-syntax' });
    expect(error.detail).toContain(CORE);
  });

  it.each([
    [['urn:ietf:params:scim:schemas:core:2.0:Group']],
    ['urn:ietf:params:scim:schemas:core:2.0:User'],
    [[42]],
  ])('schemas %j → invalid-syntax', (schemas) => {
    expect(errorOf(() => coerceUserInput({ schemas, userName: 'x' }, 'create')).kind).toBe('invalid-syntax');
  });

  it('accepts the core URN in any case and ignores URNs it does not know', () => {
    const input = coerceUserInput(
      { schemas: [CORE.toLowerCase(), 'urn:example:unknown'], userName: 'x' },
      'create',
    );
    expect(input).toEqual({ schemas: [CORE], userName: 'x' });
  });

  it('rewrites attribute names to canonical case (RFC 7643 §2.1)', () => {
    const input = coerceUserInput(
      {
        SCHEMAS: [CORE],
        USERNAME: 'bjensen',
        Name: { GIVENNAME: 'Barbara' },
        eMails: [{ VALUE: 'b@x', Type: 'work' }],
      },
      'create',
    );
    expect(input).toEqual({
      schemas: [CORE],
      userName: 'bjensen',
      name: { givenName: 'Barbara' },
      emails: [{ value: 'b@x', type: 'work' }],
    });
  });

  it('the same attribute twice in different case → invalid-syntax', () => {
    expect(
      errorOf(() => coerceUserInput(user({ displayName: 'a', DisplayName: 'b' }), 'create')).detail,
    ).toMatch(/displayName is given twice/);
    expect(
      errorOf(() => coerceUserInput(user({ name: { givenName: 'a', GivenName: 'b' } }), 'create')).kind,
    ).toBe('invalid-syntax');
  });

  it('does not mutate the body', () => {
    const body = deepFreeze(user({ active: 'False', emails: [{ value: 'b@x', primary: 'True' }] }));
    expect(() => coerceUserInput(body, 'create')).not.toThrow();
  });
});

describe('coerceUserInput: unknown and unsafe names', () => {
  it('an unknown attribute → invalid-syntax naming it (not silently dropped)', () => {
    const error = errorOf(() => coerceUserInput(user({ favouriteColour: 'blue' }), 'create'));
    expect(error.kind).toBe('invalid-syntax');
    expect(error.detail).toContain('"favouriteColour"');
  });

  it.each([
    [{ name: { nickname: 'x' } }, '"nickname" is not a sub-attribute of name'],
    [{ [ENTERPRISE]: { favouriteColour: 'x' } }, `${ENTERPRISE}:favouriteColour`],
    [{ 'urn:ietf:params:scim:schemas:extension:other:2.0:User:x': 1 }, 'extension:other'],
    [{ 'name.givenName': 'x' }, '"name.givenName"'],
  ])('%j → invalid-syntax', (fields, fragment) => {
    const error = errorOf(() => coerceUserInput(user(fields), 'create'));
    expect(error.kind).toBe('invalid-syntax');
    expect(error.detail).toContain(fragment);
  });

  it.each([
    ['__proto__', '"__proto__": {"admin": true}'],
    ['constructor', '"constructor": {"prototype": {"admin": true}}'],
    ['prototype', '"prototype": 1'],
    ['$where', '"$where": "1"'],
    ['nested $set', '"name": {"$set": {"givenName": "x"}}'],
    ['nested __proto__', '"emails": [{"__proto__": {"polluted": true}}]'],
    ['extension __proto__', `"${ENTERPRISE}": {"__proto__": {"polluted": true}}`],
  ])('%s anywhere → invalid-syntax, and nothing reaches Object.prototype', (_name, members) => {
    // JSON.parse makes "__proto__" an own key, as the HTTP body parser does.
    const body: unknown = JSON.parse(`{"schemas": ["${CORE}"], "userName": "x", ${members}}`);
    expect(errorOf(() => coerceUserInput(body, 'create')).kind).toBe('invalid-syntax');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('$ref is the one $-name allowed: manager.$ref is writable but follows value, so it is not kept', () => {
    const input = coerceUserInput(
      user({ [ENTERPRISE]: { manager: { value: 'm1', $ref: '../Users/m1' } } }),
      'create',
    );
    expect(input[ENTERPRISE]).toEqual({ manager: { value: 'm1' } });
  });

  it('manager.$ref without manager.value → invalid-value saying to send value (it would clear the manager)', () => {
    const error = errorOf(() =>
      coerceUserInput(user({ [ENTERPRISE]: { manager: { $ref: '../Users/m1' } } }), 'create'),
    );
    expect(error.kind).toBe('invalid-value');
    expect(error.detail).toMatch(/manager\.\$ref is given without .*manager\.value: send value/);
  });

  it('manager as an array of one object (Entra) is that object; [] is no manager; two → invalid-value', () => {
    const one = coerceUserInput(
      user({ [ENTERPRISE]: { manager: [{ $ref: '../Users/m1', value: 'm1' }] } }),
      'create',
    );
    expect(one[ENTERPRISE]).toEqual({ manager: { value: 'm1' } });
    expect(coerceUserInput(user({ [ENTERPRISE]: { manager: [] } }), 'create')[ENTERPRISE]).toBeUndefined();
    const error = errorOf(() =>
      coerceUserInput(user({ [ENTERPRISE]: { manager: [{ value: 'm1' }, { value: 'm2' }] } }), 'create'),
    );
    expect(error.kind).toBe('invalid-value');
    expect(error.detail).toMatch(/manager is single-valued: send one object .* found an array of 2/);
  });
});

describe('coerceUserInput: types (RFC 7643 §2.3)', () => {
  it.each([
    [{ userName: 42 }, 'userName must be a string, found a number'],
    [{ displayName: true }, 'displayName must be a string'],
    [{ active: 'yes' }, 'active must be true or false, found a string'],
    [{ active: 1 }, 'active must be true or false'],
    [{ name: 'Barbara Jensen' }, 'name is complex'],
    [{ emails: { value: 'b@x' } }, 'emails is multi-valued: send an array, found an object'],
    [{ emails: ['b@x'] }, 'emails[0] is complex'],
    [{ emails: [{ value: 'b@x', primary: 'maybe' }] }, 'emails[0].primary must be true or false'],
    [{ x509Certificates: [{ value: 'not base64!' }] }, 'x509Certificates[0].value must be base64 text'],
    [{ [ENTERPRISE]: { department: ['a'] } }, `${ENTERPRISE}:department must be a string, found an array`],
    [{ [ROSTER]: { canManageTeam: 'sometimes' } }, `${ROSTER}:canManageTeam must be true or false`],
  ])('%j → invalid-value', (fields, fragment) => {
    const error = errorOf(() => coerceUserInput(user(fields), 'create'));
    expect(error.kind).toBe('invalid-value');
    expect(error.detail).toContain(fragment);
  });

  it('an extension container that is not an object → invalid-syntax', () => {
    expect(errorOf(() => coerceUserInput(user({ [ENTERPRISE]: 'Tour Operations' }), 'create')).kind).toBe(
      'invalid-syntax',
    );
  });

  it('more than one primary value → invalid-value (RFC 7643 §2.4)', () => {
    const emails = [
      { value: 'a@x', primary: true },
      { value: 'b@x', primary: 'True' },
    ];
    expect(errorOf(() => coerceUserInput(user({ emails }), 'create')).detail).toMatch(
      /2 values have primary true/,
    );
  });

  it('keeps strings exactly as sent: no trimming, empty strings kept', () => {
    const input = coerceUserInput(user({ userName: ' bjensen ', name: { middleName: '' } }), 'create');
    expect(input.userName).toBe(' bjensen ');
    expect(input.name).toEqual({ middleName: '' });
  });

  it('accepts base64 certificates with PEM line breaks', () => {
    const input = coerceUserInput(user({ x509Certificates: [{ value: 'MIIDQzCC\nAqugAwIB=' }] }), 'create');
    expect(input.x509Certificates).toEqual([{ value: 'MIIDQzCC\nAqugAwIB=' }]);
  });
});

describe('coerceUserInput: required and unassigned', () => {
  it.each([{}, { userName: '' }, { userName: '   ' }, { userName: null }])(
    'userName in %j → invalid-value',
    (fields) => {
      const body = { schemas: [CORE], ...fields };
      expect(errorOf(() => coerceUserInput(body, 'create'))).toMatchObject({ kind: 'invalid-value' });
      expect(errorOf(() => coerceUserInput(body, 'replace')).detail).toMatch(/userName is required/);
    },
  );

  it('null, empty arrays and empty objects are unassigned (RFC 7643 §2.5) and left out', () => {
    const input = coerceUserInput(
      user({
        displayName: null,
        roles: [],
        name: {},
        emails: [null, {}],
        [ENTERPRISE]: { department: null },
      }),
      'create',
    );
    expect(input).toEqual({ schemas: [CORE], userName: 'bjensen' });
  });
});

describe('coerceUserInput: readOnly attributes are dropped (RFC 7644 §3.5.1 "SHALL be ignored")', () => {
  it('id, meta, groups, primaryOwner, manager.displayName (and manager.$ref, derived from value)', () => {
    const input = coerceUserInput(
      user({
        id: 'forged',
        meta: { resourceType: 'User', version: 'W/"1"' },
        groups: [{ value: 'g1' }],
        [ROSTER]: { canManageTeam: true, primaryOwner: true },
        [ENTERPRISE]: { manager: { value: 'm1', displayName: 'Boss', $ref: '../Users/m1' } },
      }),
      'replace',
    );
    expect(input).toEqual({
      schemas: [CORE, ENTERPRISE, ROSTER],
      userName: 'bjensen',
      [ENTERPRISE]: { manager: { value: 'm1' } },
      [ROSTER]: { canManageTeam: true },
    });
  });

  it('a body setting only primaryOwner leaves no Roster extension', () => {
    expect(coerceUserInput(user({ [`${ROSTER}:primaryOwner`]: true }), 'create')).toEqual({
      schemas: [CORE],
      userName: 'bjensen',
    });
  });
});

describe('coerceUserInput: extensions', () => {
  it('nested, URN-prefixed flat and bare forms give the same canonical object', () => {
    const expected = {
      schemas: [CORE, ENTERPRISE, ROSTER],
      userName: 'bjensen',
      [ENTERPRISE]: { department: 'Tour Operations', employeeNumber: '701984' },
      [ROSTER]: { canManageTeam: true },
    };
    const nested = user({
      [ENTERPRISE]: { department: 'Tour Operations', employeeNumber: '701984' },
      [ROSTER]: { canManageTeam: true },
    });
    const flat = user({
      [`${ENTERPRISE}:department`]: 'Tour Operations',
      [`${ENTERPRISE.toLowerCase()}:EMPLOYEENUMBER`]: '701984',
      [`${ROSTER}:canManageTeam`]: true,
    });
    const bare = user({ department: 'Tour Operations', employeeNumber: '701984', canManageTeam: true });
    for (const body of [nested, flat, bare]) expect(coerceUserInput(body, 'create')).toEqual(expected);
  });

  it('nested and flat forms of one attribute together → invalid-syntax', () => {
    const body = user({ [ENTERPRISE]: { department: 'a' }, [`${ENTERPRISE}:department`]: 'b' });
    expect(errorOf(() => coerceUserInput(body, 'create')).kind).toBe('invalid-syntax');
  });

  it('lists an extension in schemas when it carries data, even if the client did not declare it', () => {
    expect(coerceUserInput(user({ [ROSTER]: { canManageTeam: false } }), 'create').schemas).toEqual([
      CORE,
      ROSTER,
    ]);
  });

  it('an empty or null extension object is left out', () => {
    const input = coerceUserInput(
      { schemas: [CORE, ENTERPRISE], userName: 'x', [ENTERPRISE]: {}, [ROSTER]: null },
      'create',
    );
    expect(input).toEqual({ schemas: [CORE], userName: 'x' });
  });
});

describe('coerceUserInput: client quirks', () => {
  it.each(['True', 'TRUE', 'true', true])('Entra boolean %j → true', (value) => {
    expect(coerceUserInput(user({ active: value }), 'create').active).toBe(true);
  });

  it.each(['False', 'FALSE', 'false', false])('Entra boolean %j → false', (value) => {
    expect(
      coerceUserInput(user({ active: value, [ROSTER]: { canManageTeam: value } }), 'create'),
    ).toMatchObject({
      active: false,
      [ROSTER]: { canManageTeam: false },
    });
  });

  it('Entra bare-string manager → {value}', () => {
    expect(coerceUserInput(user({ [ENTERPRISE]: { manager: 'm1' } }), 'create')[ENTERPRISE]).toEqual({
      manager: { value: 'm1' },
    });
  });

  it.each([null, '', { value: '' }, { value: null }, { displayName: 'Boss' }])(
    'manager %j means no manager',
    (manager) => {
      const input = coerceUserInput(user({ [ENTERPRISE]: { manager, department: 'x' } }), 'create');
      expect(input[ENTERPRISE]).toEqual({ department: 'x' });
    },
  );

  it('canonical values are advisory: "Work" and Entra role types are accepted as sent', () => {
    const input = coerceUserInput(
      user({
        emails: [{ value: 'b@x', type: 'Work' }],
        roles: [{ value: 'Reader', type: 'WindowsAzureActiveDirectoryRole', primary: 'False' }],
      }),
      'create',
    );
    expect(input.emails).toEqual([{ value: 'b@x', type: 'Work' }]);
    expect(input.roles).toEqual([
      { value: 'Reader', type: 'WindowsAzureActiveDirectoryRole', primary: false },
    ]);
  });

  it('Okta password is discarded, never stored', () => {
    expect(coerceUserInput(user({ password: 't1meMa$heen' }), 'create')).toEqual({
      schemas: [CORE],
      userName: 'bjensen',
    });
  });
});

describe('coerceUserInput: request bodies as the clients send them', () => {
  it('Okta create (password and empty groups dropped)', () => {
    expect(coerceUserInput(fixture('okta', 'create-user'), 'create')).toEqual({
      schemas: [CORE],
      userName: 'test.user@okta.local',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      active: true,
    });
  });

  it('Okta replace (id and meta echoed back are ignored)', () => {
    const input = coerceUserInput(fixture('okta', 'replace-user'), 'replace');
    expect(input).not.toHaveProperty('id');
    expect(input).not.toHaveProperty('meta');
    expect(input.name).toEqual({ givenName: 'Another', middleName: '', familyName: 'User' });
  });

  it('Entra create (meta and empty roles dropped)', () => {
    expect(coerceUserInput(fixture('entra', 'create-user'), 'create')).toEqual({
      schemas: [CORE],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
      active: true,
      emails: [
        { primary: true, type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' },
      ],
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    });
  });

  it('Entra create with string booleans, a bare manager and a role type outside the canonical list', () => {
    expect(coerceUserInput(fixture('entra', 'create-user-string-booleans'), 'create')).toMatchObject({
      active: true,
      emails: [{ primary: true, type: 'work' }],
      roles: [
        { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Reader', value: 'Reader' },
      ],
      [ENTERPRISE]: {
        employeeNumber: '1002',
        department: 'Tour Operations',
        manager: { value: '2819c223-7f76-453a-919d-413861904646' },
      },
    });
  });
});
