import { applyPatch } from '../../../../src/scim/patch/apply-patch';
import { errorOf } from './errors';
import { CORE, deepFreeze, ENTERPRISE, patchBody, ROSTER, userResource } from './user-fixtures';

const babs = deepFreeze(userResource());
const op = (o: string, path: string | undefined, value?: unknown) =>
  patchBody(
    path === undefined ? { op: o, value } : value === undefined ? { op: o, path } : { op: o, path, value },
  );

describe('applyPatch: result', () => {
  it('returns the whole user as a PUT body would carry it: readOnly attributes dropped', () => {
    const result = applyPatch(babs, op('replace', 'nickName', 'Babs'));
    expect(result).toEqual({
      schemas: [CORE, ENTERPRISE, ROSTER],
      externalId: 'bjensen',
      userName: 'bjensen@example.com',
      name: { givenName: 'Barbara', familyName: 'Jensen' },
      displayName: 'Babs Jensen',
      nickName: 'Babs',
      active: true,
      emails: [
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
      ],
      phoneNumbers: [{ value: '555-555-8377', type: 'work' }],
      [ENTERPRISE]: {
        department: 'Tour Operations',
        manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
      },
      [ROSTER]: { canManageTeam: false },
    });
  });

  it('never mutates the resource (deep-frozen here) and shares arrays it does not touch', () => {
    const resource = userResource();
    const snapshot = structuredClone(resource);
    deepFreeze(resource);
    applyPatch(resource, op('add', 'emails', [{ value: 'new@x', type: 'other' }]));
    applyPatch(resource, op('replace', `${ENTERPRISE}:manager.value`, 'm2'));
    applyPatch(resource, op('remove', 'emails[type eq "home"]'));
    expect(resource).toEqual(snapshot);
  });

  it('a PATCH result is validated like a PUT: replacing userName with "" → invalid-value', () => {
    expect(errorOf(() => applyPatch(babs, op('replace', 'userName', ''))).kind).toBe('invalid-value');
  });

  it('applies operations in order, each seeing the previous', () => {
    const result = applyPatch(
      babs,
      patchBody(
        { op: 'remove', path: 'name' },
        { op: 'add', path: 'name.givenName', value: 'B' },
        { op: 'replace', path: 'name.familyName', value: 'J' },
      ),
    );
    expect(result.name).toEqual({ givenName: 'B', familyName: 'J' });
  });
});

describe('applyPatch: single-valued attributes', () => {
  it('replace and add set a simple attribute', () => {
    expect(applyPatch(babs, op('replace', 'displayName', 'Barbara')).displayName).toBe('Barbara');
    expect(applyPatch(babs, op('add', 'title', 'Tour Guide')).title).toBe('Tour Guide');
  });

  it('attribute names and URNs in paths are case-insensitive', () => {
    expect(applyPatch(babs, op('replace', 'DISPLAYNAME', 'X')).displayName).toBe('X');
    expect(
      applyPatch(babs, op('replace', `${ENTERPRISE.toLowerCase()}:Department`, 'Y'))[ENTERPRISE]?.department,
    ).toBe('Y');
  });

  it('a complex value sets the sub-attributes it names and keeps the others (RFC 7644 §3.5.2.3)', () => {
    expect(applyPatch(babs, op('replace', 'name', { givenName: 'Babs' })).name).toEqual({
      givenName: 'Babs',
      familyName: 'Jensen',
    });
  });

  it('attr.sub sets a sub-attribute, creating the parent when needed', () => {
    const noName = userResource({ name: undefined });
    expect(applyPatch(noName, op('add', 'name.givenName', 'Barbara')).name).toEqual({ givenName: 'Barbara' });
  });

  it('remove clears an attribute or a sub-attribute; the parent goes when left empty', () => {
    expect(applyPatch(babs, op('remove', 'displayName'))).not.toHaveProperty('displayName');
    expect(applyPatch(babs, op('remove', 'name.familyName')).name).toEqual({ givenName: 'Barbara' });
    const result = applyPatch(
      babs,
      patchBody({ op: 'remove', path: 'name.givenName' }, { op: 'remove', path: 'name.familyName' }),
    );
    expect(result).not.toHaveProperty('name');
  });

  it('remove of an attribute that has no value is a no-op (RFC 7644 §3.5.2.2)', () => {
    expect(applyPatch(babs, op('remove', 'nickName'))).not.toHaveProperty('nickName');
    expect(applyPatch(babs, op('remove', 'name.middleName')).name).toEqual(babs.name);
  });

  it('replace with null unassigns (RFC 7643 §2.5)', () => {
    expect(applyPatch(babs, op('replace', 'displayName', null))).not.toHaveProperty('displayName');
  });

  it('a value of the wrong type → invalid-value', () => {
    expect(errorOf(() => applyPatch(babs, op('replace', 'active', 'maybe'))).kind).toBe('invalid-value');
    expect(errorOf(() => applyPatch(babs, op('replace', 'name', 'Babs'))).kind).toBe('invalid-value');
  });

  it('readOnly sub-attributes inside a value are dropped as in PUT', () => {
    const result = applyPatch(
      babs,
      op('replace', `${ENTERPRISE}:manager`, { value: 'm2', displayName: 'Forged' }),
    );
    expect(result[ENTERPRISE]?.manager).toEqual({ value: 'm2' });
  });
});

describe('applyPatch: no path (RFC 7644 §3.5.2.1, §3.5.2.3)', () => {
  it('keys may be plain, dotted, URN-qualified or nested under the extension URN', () => {
    const result = applyPatch(
      babs,
      op('replace', undefined, {
        active: false,
        'name.givenName': 'B',
        [`${ENTERPRISE}:department`]: 'Sales',
        [ROSTER]: { canManageTeam: true },
        schemas: [CORE],
      }),
    );
    expect(result).toMatchObject({
      active: false,
      name: { givenName: 'B', familyName: 'Jensen' },
      [ENTERPRISE]: { department: 'Sales' },
      [ROSTER]: { canManageTeam: true },
    });
  });

  it('add appends to multi-valued attributes', () => {
    const result = applyPatch(babs, op('add', undefined, { emails: [{ value: 'third@x', type: 'other' }] }));
    expect(result.emails).toHaveLength(3);
  });

  it('a value that is not an object → invalid-syntax', () => {
    expect(errorOf(() => applyPatch(babs, op('replace', undefined, false))).kind).toBe('invalid-syntax');
    expect(errorOf(() => applyPatch(babs, op('replace', undefined, { [ENTERPRISE]: 'x' }))).kind).toBe(
      'invalid-syntax',
    );
  });

  it('remove without a path → no-target (RFC 7644 §3.5.2.2)', () => {
    expect(errorOf(() => applyPatch(babs, patchBody({ op: 'remove' }))).kind).toBe('no-target');
  });
});

describe('applyPatch: an extension URN alone as the path (scim2-models sends it)', () => {
  it('add and replace set the attributes the value names, others stay', () => {
    for (const o of ['add', 'replace']) {
      const value = { schemas: [ENTERPRISE], department: 'Sales', costCenter: 'C7' };
      const result = applyPatch(babs, op(o, ENTERPRISE, value));
      expect(result[ENTERPRISE]).toEqual({
        department: 'Sales',
        costCenter: 'C7',
        manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
      });
    }
    expect(applyPatch(babs, op('add', ROSTER.toLowerCase(), { canManageTeam: true }))[ROSTER]).toEqual({
      canManageTeam: true,
    });
  });

  it('remove unassigns every attribute of the extension a client may remove', () => {
    const result = applyPatch(babs, op('remove', ENTERPRISE));
    expect(result[ENTERPRISE]).toBeUndefined();
    expect(result.displayName).toBe('Babs Jensen');
  });

  it('a value that is not an object, or names a readOnly attribute, is refused as without a path', () => {
    expect(errorOf(() => applyPatch(babs, op('add', ENTERPRISE, 'Sales'))).kind).toBe('invalid-syntax');
    expect(errorOf(() => applyPatch(babs, op('add', ROSTER, { primaryOwner: true }))).kind).toBe('read-only');
  });
});

describe('applyPatch: refused targets', () => {
  it.each([
    'id',
    'meta',
    'meta.version',
    'groups',
    'groups[value eq "e9e30dba-f08f-4109-8486-d5c6a331660a"]',
    `${ROSTER}:primaryOwner`,
    'primaryOwner',
    `${ENTERPRISE}:manager.displayName`,
  ])('%s is readOnly → read-only', (path) => {
    for (const o of ['add', 'replace', 'remove']) {
      const error = errorOf(() => applyPatch(babs, op(o, path, o === 'remove' ? undefined : 'x')));
      expect(error.kind).toBe('read-only');
      expect(error.detail).toMatch(/readOnly/);
    }
  });

  it('manager.$ref follows manager.value: a PATCH of it alone → invalid-value naming manager.value', () => {
    for (const o of ['add', 'replace', 'remove']) {
      const path = `${ENTERPRISE}:manager.$ref`;
      const error = errorOf(() => applyPatch(babs, op(o, path, o === 'remove' ? undefined : '../Users/x')));
      expect(error.kind).toBe('invalid-value');
      expect(error.detail).toMatch(/add or replace .*manager\.value, to clear it remove .*manager\./);
    }
  });

  it('readOnly attributes named in a no-path value are refused too', () => {
    expect(errorOf(() => applyPatch(babs, op('replace', undefined, { primaryOwner: true }))).kind).toBe(
      'read-only',
    );
  });

  it('remove of the required userName → read-only (RFC 7644 §3.5.2.2 mutability)', () => {
    expect(errorOf(() => applyPatch(babs, op('remove', 'userName'))).kind).toBe('read-only');
  });

  it.each([
    'nope',
    'name.nope',
    'userName.sub',
    'emails[nope eq "x"]',
    'emails[type eq "work"].nope',
    'name[givenName eq "x"]',
    'urn:ietf:params:scim:schemas:extension:other:2.0:User:department',
    'emails[type eq "work"',
    '',
  ])('%j → invalid-path', (path) => {
    expect(errorOf(() => applyPatch(babs, op('replace', path, 'x'))).kind).toBe('invalid-path');
  });

  it.each(['__proto__', 'constructor.prototype', 'name.__proto__', 'emails[__proto__ eq "x"]'])(
    'path %s → invalid-path, Object.prototype untouched',
    (path) => {
      expect(errorOf(() => applyPatch(babs, op('replace', path, { polluted: true }))).kind).toBe(
        'invalid-path',
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it.each(['__proto__', '$where'])('no-path key %s → invalid-path', (key) => {
    const body = JSON.parse(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations":[{"op":"replace","value":{"${key}":{"polluted":true}}}]}`) as unknown;
    expect(errorOf(() => applyPatch(babs, body)).kind).toBe('invalid-path');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
