import { RosterError } from '../../../../src/domain/errors';
import type { Filter } from '../../../../src/scim/filter/ast';
import { parseFilter } from '../../../../src/scim/filter/parse';
import { defineFieldMap, toMongoQuery, userFieldMap } from '../../../../src/scim/filter/to-mongo';
import { unsafeKeys } from './mongo-safety';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ROSTER = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User';
const PRESENT = { $exists: true, $nin: [null, '', []] };

/** Stored names a query over users may use: fields, key fields, arrays and element-relative names. */
const USER_FIELDS: ReadonlySet<string> = new Set(
  [...userFieldMap.fields.values()].flatMap((spec) => {
    const names = [spec.field, ...(spec.keyField ? [spec.keyField] : [])];
    if (!spec.multiValued) return names;
    const dot = spec.field.lastIndexOf('.');
    return [...names, spec.field.slice(0, dot), spec.field.slice(dot + 1)];
  }),
);

function query(text: string): Record<string, unknown> {
  const result = toMongoQuery(parseFilter(text), userFieldMap);
  expect(unsafeKeys(result, USER_FIELDS)).toEqual([]);
  return result;
}

function rejection(text: string): RosterError {
  try {
    query(text);
  } catch (err) {
    if (err instanceof RosterError) return err;
    throw err;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('toMongoQuery over users', () => {
  it.each<[string, Record<string, unknown>]>([
    // userName is case-insensitive and has a folded key field (RFC 7643 §4.1.1)
    ['userName eq "BJensen@Example.com"', { userNameKey: { $eq: 'bjensen@example.com' } }],
    ['userName co "Jen"', { userNameKey: { $regex: 'jen' } }],
    ['userName sw "B.J"', { userNameKey: { $regex: '^b\\.j' } }],
    ['userName ew "@Example.com"', { userNameKey: { $regex: '@example\\.com$' } }],
    ['userName gt "m"', { userNameKey: { $gt: 'm' } }],
    ['userName ne "Bob"', { $nor: [{ userNameKey: { $eq: 'bob' } }] }],
    // NFC: a decomposed é in the filter finds the composed é of the key field
    ['userName eq "Jose\u0301"', { userNameKey: { $eq: 'jos\u00e9' } }],
    // externalId and id are case-exact
    ['externalId eq "00uAbC"', { externalId: { $eq: '00uAbC' } }],
    ['externalId sw "00u"', { externalId: { $regex: '^00u' } }],
    ['externalId lt "b"', { externalId: { $lt: 'b' } }],
    ['id eq "8c4b-11"', { _id: { $eq: '8c4b-11' } }],
    // case-insensitive strings without a key field use an anchored regex with i
    ['displayName eq "Sales"', { displayName: { $regex: '^Sales$', $options: 'i' } }],
    ['displayName co "a.b"', { displayName: { $regex: 'a\\.b', $options: 'i' } }],
    ['name.givenName sw "Ba"', { 'name.givenName': { $regex: '^Ba', $options: 'i' } }],
    ['title ew "lead"', { title: { $regex: 'lead$', $options: 'i' } }],
    ['title ne "x"', { $nor: [{ title: { $regex: '^x$', $options: 'i' } }] }],
    // presence and null
    ['title pr', { title: PRESENT }],
    ['title eq null', { $nor: [{ title: PRESENT }] }],
    ['title ne null', { title: PRESENT }],
    // booleans, with Entra's "True"/"False" strings
    ['active eq true', { active: { $eq: true } }],
    ['active eq "False"', { active: { $eq: false } }],
    ['active ne false', { $nor: [{ active: { $eq: false } }] }],
    [`${ROSTER}:canManageTeam eq true`, { canManageTeam: { $eq: true } }],
    // dateTime compares as a Date
    ['meta.created ge "2024-05-01T00:00:00Z"', { created: { $gte: new Date('2024-05-01T00:00:00Z') } }],
    ['meta.lastModified lt "2024-05-01"', { lastModified: { $lt: new Date('2024-05-01T00:00:00Z') } }],
    [
      'meta.lastModified gt "2024-05-01T10:00:00"',
      { lastModified: { $gt: new Date('2024-05-01T10:00:00Z') } },
    ],
    ['meta.created le "2024-05-01T12:00:00+02:00"', { created: { $lte: new Date('2024-05-01T10:00:00Z') } }],
    [
      'meta.created eq "2024-05-01T00:00:00.123Z"',
      { created: { $eq: new Date('2024-05-01T00:00:00.123Z') } },
    ],
    // multi-valued: dotted paths match any element; a complex attribute alone means its value
    ['emails.value eq "a@x.com"', { 'emails.value': { $regex: '^a@x\\.com$', $options: 'i' } }],
    ['emails eq "a@x.com"', { 'emails.value': { $regex: '^a@x\\.com$', $options: 'i' } }],
    ['emails.primary eq true', { 'emails.primary': { $eq: true } }],
    ['addresses.postalCode pr', { 'addresses.postalCode': PRESENT }],
    // extensions, qualified and not
    [`${ENTERPRISE}:department eq "R&D"`, { 'enterprise.department': { $regex: '^R&D$', $options: 'i' } }],
    ['department eq "R&D"', { 'enterprise.department': { $regex: '^R&D$', $options: 'i' } }],
    [`${ENTERPRISE}:manager.value eq "m-1"`, { managerId: { $eq: 'm-1' } }],
    ['manager eq "m-1"', { managerId: { $eq: 'm-1' } }],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "X"', { userNameKey: { $eq: 'x' } }],
    // names are case-insensitive (RFC 7643 §2.1)
    ['USERNAME eq "x"', { userNameKey: { $eq: 'x' } }],
    ['Name.GivenName pr', { 'name.givenName': PRESENT }],
  ])('%s', (text, expected) => {
    expect(query(text)).toEqual(expected);
  });

  describe('logic', () => {
    it('maps and/or and flattens nested nodes of one kind', () => {
      expect(query('title pr and (nickName pr and userType pr) and locale pr')).toEqual({
        $and: [{ title: PRESENT }, { nickName: PRESENT }, { userType: PRESENT }, { locale: PRESENT }],
      });
      expect(query('title pr or nickName pr or userType pr')).toEqual({
        $or: [{ title: PRESENT }, { nickName: PRESENT }, { userType: PRESENT }],
      });
    });

    it('keeps precedence: a or b and c', () => {
      expect(query('title pr or nickName pr and userType pr')).toEqual({
        $or: [{ title: PRESENT }, { $and: [{ nickName: PRESENT }, { userType: PRESENT }] }],
      });
    });

    it('maps not to $nor, keeping its meaning over a group', () => {
      expect(query('not (title pr and active eq true)')).toEqual({
        $nor: [{ $and: [{ title: PRESENT }, { active: { $eq: true } }] }],
      });
    });

    it('translates the Okta/Entra lookups to indexable equality', () => {
      expect(query('userName eq "ann@x.com" and externalId eq "E1"')).toEqual({
        $and: [{ userNameKey: { $eq: 'ann@x.com' } }, { externalId: { $eq: 'E1' } }],
      });
    });
  });

  describe('value paths', () => {
    it('puts every condition on one element with $elemMatch', () => {
      expect(query('emails[type eq "work" and value co "@x.com"]')).toEqual({
        emails: {
          $elemMatch: {
            $and: [
              { type: { $regex: '^work$', $options: 'i' } },
              { value: { $regex: '@x\\.com', $options: 'i' } },
            ],
          },
        },
      });
    });

    it.each([
      [
        'emails[type eq "work"].value eq "Ann@X.com"',
        'emails',
        'value',
        { $regex: '^Ann@X\\.com$', $options: 'i' },
      ],
      [
        'phoneNumbers[type eq "work"].value eq "+1 555"',
        'phoneNumbers',
        'value',
        { $regex: '^\\+1 555$', $options: 'i' },
      ],
      ['phoneNumbers[type eq "mobile"].value pr', 'phoneNumbers', 'value', PRESENT],
      [
        'addresses[type eq "work"].streetAddress co "Main"',
        'addresses',
        'streetAddress',
        { $regex: 'Main', $options: 'i' },
      ],
      [
        'addresses[type eq "work"].postalCode eq "98052"',
        'addresses',
        'postalCode',
        { $regex: '^98052$', $options: 'i' },
      ],
      [
        'addresses[type eq "work"].country eq "US"',
        'addresses',
        'country',
        { $regex: '^US$', $options: 'i' },
      ],
    ])(
      'puts the sub-attribute after a value filter on the same element: %s (Entra)',
      (text, array, sub, condition) => {
        const type = text.match(/type eq "(\w+)"/)![1];
        expect(query(text)).toEqual({
          [array]: {
            $elemMatch: { $and: [{ type: { $regex: `^${type}$`, $options: 'i' } }, { [sub]: condition }] },
          },
        });
      },
    );

    it('refuses an unknown sub-attribute after a value filter', () => {
      expect(rejection('emails[type eq "work"].nope eq "x"').detail).toMatch(
        /Unknown attribute "emails.nope"/,
      );
    });

    it('translates or, not and pr inside the element', () => {
      expect(query('addresses[not (type eq "home") or primary eq true]')).toEqual({
        addresses: {
          $elemMatch: {
            $or: [{ $nor: [{ type: { $regex: '^home$', $options: 'i' } }] }, { primary: { $eq: true } }],
          },
        },
      });
      expect(query('phoneNumbers[value pr]')).toEqual({ phoneNumbers: { $elemMatch: { value: PRESENT } } });
    });

    it('keeps two value paths on one attribute independent', () => {
      expect(query('emails[type eq "work"] and emails[type eq "home"]')).toEqual({
        $and: [
          { emails: { $elemMatch: { type: { $regex: '^work$', $options: 'i' } } } },
          { emails: { $elemMatch: { type: { $regex: '^home$', $options: 'i' } } } },
        ],
      });
    });

    it('uses element-relative key fields when the map has them', () => {
      const fields = defineFieldMap('urn:example:core', {
        'tags.value': {
          field: 'tags.value',
          type: 'string',
          caseExact: false,
          keyField: 'tags.key',
          multiValued: true,
        },
      });
      expect(toMongoQuery(parseFilter('tags[value eq "A"]'), fields)).toEqual({
        tags: { $elemMatch: { key: { $eq: 'a' } } },
      });
    });

    it.each([
      ['name[givenName eq "x"]', /"name" is not multi-valued/],
      ['emails[nope eq "x"]', /Unknown attribute "emails.nope"/],
    ])('rejects %s', (text, detail) => {
      expect(rejection(text).detail).toMatch(detail);
    });

    it('rejects a hand-built nested value path', () => {
      const inner: Filter = {
        kind: 'valuePath',
        path: { attr: 'type' },
        filter: { kind: 'present', path: { attr: 'x' } },
      };
      const nested: Filter = { kind: 'valuePath', path: { attr: 'emails' }, filter: inner };
      expect(() => toMongoQuery(nested, userFieldMap)).toThrow(/cannot be nested/);
    });
  });

  describe('injection', () => {
    it('keeps a value spelled like an operator as a string inside $eq', () => {
      expect(query(String.raw`externalId eq "{\"$gt\": \"\"}"`)).toEqual({
        externalId: { $eq: '{"$gt": ""}' },
      });
      expect(query('externalId eq "$where"')).toEqual({ externalId: { $eq: '$where' } });
    });

    it('escapes every regular-expression metacharacter', () => {
      const literal = '.*+?^${}()|[]\\';
      const meta = JSON.stringify(literal);
      const escaped = '\\.\\*\\+\\?\\^\\$\\{\\}\\(\\)\\|\\[\\]\\\\';
      expect(query(`displayName co ${meta}`)).toEqual({ displayName: { $regex: escaped, $options: 'i' } });
      expect(query(`externalId sw ${meta}`)).toEqual({ externalId: { $regex: `^${escaped}` } });
      expect(query(`title eq ${meta}`)).toEqual({ title: { $regex: `^${escaped}$`, $options: 'i' } });
      expect(new RegExp(`^${escaped}$`).test(literal)).toBe(true);
      expect(new RegExp(`^${escaped}$`).test('x'.repeat(15))).toBe(false);
    });

    it('never lets a request-chosen name become a key', () => {
      for (const text of [
        '__proto__ eq 1',
        'constructor pr',
        'x.prototype pr',
        '$where eq "1"',
        'toString pr',
      ]) {
        expect(() => query(text)).toThrow(RosterError);
      }
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  });

  describe('rejections', () => {
    it.each([
      [
        'nope eq "x"',
        /^Unknown attribute "nope" in filter; filterable attributes are id, userName, externalId/,
      ],
      ['name.nope pr', /Unknown attribute "name.nope"/],
      ['password eq "x"', /Unknown attribute "password"/],
      [`${ENTERPRISE}:userName eq "x"`, /Unknown attribute/],
      ['active eq "yes"', /"active" is boolean; compare it with true or false, not "yes"/],
      ['active eq 1', /"active" is boolean/],
      ['active sw "t"', /"sw" cannot be used on the boolean attribute "active"/],
      ['userName eq 5', /"userName" is a string; put the value 5 in double quotes/],
      ['meta.created gt "yesterday"', /"meta.created" is a dateTime; compare it with a quoted date/],
      ['meta.created gt "2024-02-30"', /is a dateTime/],
      ['meta.created gt 1714521600', /is a dateTime/],
      ['meta.created co "2024"', /"co" compares strings and cannot be used on "meta.created"/],
      ['displayName gt "m"', /"gt" is not supported on "displayName", which compares ignoring case/],
    ])('%s', (text, detail) => {
      const err = rejection(text);
      expect(err.kind).toBe('invalid-filter');
      expect(err.detail).toMatch(detail);
    });

    it('asks for a schema URN when an unqualified name is ambiguous', () => {
      const fields = defineFieldMap('urn:example:core', {
        'urn:example:a:code': { field: 'a.code', type: 'string', caseExact: true },
        'urn:example:b:code': { field: 'b.code', type: 'string', caseExact: true },
      });
      expect(() => toMongoQuery(parseFilter('code eq "x"'), fields)).toThrow(
        /qualify it with the schema URN/,
      );
      expect(toMongoQuery(parseFilter('urn:example:b:code eq "x"'), fields)).toEqual({
        'b.code': { $eq: 'x' },
      });
    });
  });

  it('compares integers and decimals as numbers', () => {
    const fields = defineFieldMap('urn:example:core', {
      age: { field: 'age', type: 'integer', caseExact: false },
      score: { field: 'score', type: 'decimal', caseExact: false },
    });
    expect(toMongoQuery(parseFilter('age ge 18 and score lt 0.5'), fields)).toEqual({
      $and: [{ age: { $gte: 18 } }, { score: { $lt: 0.5 } }],
    });
    expect(() => toMongoQuery(parseFilter('age eq "18"'), fields)).toThrow(/"age" is a number/);
  });
});
