import { RosterError } from '../../../../src/domain/errors';
import type { Filter } from '../../../../src/scim/filter/ast';
import { matchesFilter, matchesValueFilter } from '../../../../src/scim/filter/match';
import { parseFilter, parsePatchPath } from '../../../../src/scim/filter/parse';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const bjensen: Record<string, unknown> = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'Bjensen',
  userName: 'BJensen@Example.com',
  active: true,
  title: '',
  nickName: null,
  name: { givenName: 'Barbara', familyName: 'Jensen', formatted: 'Ms. Barbara J Jensen III' },
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'Home' },
  ],
  phoneNumbers: [],
  addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', primary: true }],
  meta: { created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34.000Z' },
  [ENTERPRISE]: { employeeNumber: '701984', department: 'Tour Operations', manager: { value: 'M-26118915' } },
};

const matches = (text: string, resource: Record<string, unknown> = bjensen) =>
  matchesFilter(parseFilter(text), resource);

describe('matchesFilter', () => {
  it.each([
    ['userName eq "bjensen@example.com"', true],
    ['USERNAME EQ "BJENSEN@EXAMPLE.COM"', true],
    ['userName sw "bjen"', true],
    ['userName ew "EXAMPLE.COM"', true],
    ['userName co "jensen@"', true],
    ['userName co "smith"', false],
    ['name.givenName eq "barbara"', true],
    ['Name.GivenName eq "barbara"', true],
    ['name.familyName gt "J"', true],
    ['name.familyName lt "J"', false],
    ['displayName eq "x"', false],
  ])('compares strings ignoring case by default: %s → %s', (text, expected) => {
    expect(matches(text)).toBe(expected);
  });

  it.each([
    ['id eq "2819C223-7F76-453A-919D-413861904646"', false],
    ['id eq "2819c223-7f76-453a-919d-413861904646"', true],
    ['externalId eq "bjensen"', false],
    ['externalId eq "Bjensen"', true],
    [`${ENTERPRISE}:manager.value eq "m-26118915"`, false],
    [`${ENTERPRISE}:manager.value eq "M-26118915"`, true],
  ])('keeps ids case-exact: %s → %s', (text, expected) => {
    expect(matches(text)).toBe(expected);
  });

  it('asks the schema when one is given', () => {
    const everythingExact = { caseExact: () => true };
    expect(matchesFilter(parseFilter('userName eq "bjensen@example.com"'), bjensen, everythingExact)).toBe(
      false,
    );
    const askedFor: unknown[] = [];
    const recording = {
      caseExact: (path: unknown) => {
        askedFor.push(path);
        return false;
      },
    };
    matchesFilter(parseFilter('emails[type eq "work"]'), bjensen, recording);
    expect(askedFor).toContainEqual({ attr: 'emails', subAttr: 'type' });
  });

  it.each([
    ['emails.value co "jensen.org"', true],
    ['emails.type eq "home"', true],
    ['emails eq "babs@jensen.org"', true],
    ['emails.value eq "nobody@example.com"', false],
    ['emails.primary eq true', true],
    ['addresses.streetAddress sw "100"', true],
  ])('matches a multi-valued attribute when any element does: %s → %s', (text, expected) => {
    expect(matches(text)).toBe(expected);
  });

  it.each([
    ['emails[type eq "work" and value co "@example.com"]', true],
    ['emails[type eq "home" and value co "@example.com"]', false],
    ['emails[type eq "HOME"]', true],
    ['emails[not (type eq "work")]', true],
    ['emails[primary eq true and type eq "home"]', false],
    ['emails[type eq "work"] and emails[type eq "home"]', true],
    // Entra's form: the sub-attribute after the brackets is compared on the same element
    ['emails[type eq "work"].value eq "BJensen@example.com"', true],
    ['emails[type eq "work"].value eq "babs@jensen.org"', false],
    ['emails[type eq "home"].value ew "jensen.org"', true],
    ['emails[type eq "work"].primary eq true', true],
    ['emails[type eq "home"].primary eq true', false],
    ['addresses[type eq "work"].streetAddress sw "100 universal"', true],
    ['addresses[type eq "work"].postalCode pr', false],
    ['phoneNumbers[type eq "mobile"].value pr', false],
    ['phoneNumbers[type eq "work"]', false],
  ])('holds a value filter to one element: %s → %s', (text, expected) => {
    expect(matches(text)).toBe(expected);
  });

  it.each([
    ['userName pr', true],
    ['title pr', false],
    ['nickName pr', false],
    ['phoneNumbers pr', false],
    ['displayName pr', false],
    ['name pr', true],
    ['emails pr', true],
    ['emails.display pr', false],
  ])('pr needs a non-empty value (RFC 7644 §3.4.2.2): %s → %s', (text, expected) => {
    expect(matches(text)).toBe(expected);
  });

  it.each([
    ['displayName ne "x"', true],
    ['userName ne "BJENSEN@example.com"', false],
    ['emails.type ne "home"', false],
    ['emails.type ne "other"', true],
    ['displayName eq null', true],
    ['nickName eq null', true],
    ['userName eq null', false],
    ['userName ne null', true],
  ])('ne is the negation of eq, true where the attribute is absent: %s → %s', (text, expected) => {
    expect(matches(text)).toBe(expected);
  });

  it('compares booleans, accepting Entra "True"/"False" strings', () => {
    expect(matches('active eq true')).toBe(true);
    expect(matches('active eq "True"')).toBe(true);
    expect(matches('active eq "false"')).toBe(false);
    expect(matches('active ne false')).toBe(true);
    expect(() => matches('active gt "false"')).toThrow(RosterError);
  });

  it('compares dateTimes chronologically', () => {
    expect(matches('meta.lastModified gt "2011-05-13T04:42:33Z"')).toBe(true);
    expect(matches('meta.lastModified eq "2011-05-13T06:42:34+02:00"')).toBe(true);
    expect(matches('meta.created lt "2010-01-23"')).toBe(false);
    expect(
      matchesFilter(parseFilter('meta.created ge "2010-01-23"'), {
        meta: { created: new Date('2010-01-23') },
      }),
    ).toBe(true);
  });

  it('compares numbers', () => {
    expect(matches('age ge 18', { age: 18 })).toBe(true);
    expect(matches('age gt 18', { age: 18 })).toBe(false);
    expect(matches('age eq "18"', { age: 18 })).toBe(false);
  });

  it('finds extension attributes under their schema URN, and core ones at the top', () => {
    expect(matches(`${ENTERPRISE}:department eq "tour operations"`)).toBe(true);
    expect(matches(`${ENTERPRISE.toLowerCase()}:employeeNumber eq "701984"`)).toBe(true);
    expect(matches('urn:ietf:params:scim:schemas:core:2.0:User:userName sw "bjensen"')).toBe(true);
  });

  it('evaluates logic with the parsed precedence', () => {
    expect(matches('displayName pr or userName pr and active eq false')).toBe(false);
    expect(matches('(displayName pr or userName pr) and active eq true')).toBe(true);
    expect(matches('not (displayName pr and userName pr)')).toBe(true);
  });

  it('reads only own properties, never the prototype chain', () => {
    const hostile: Filter = { kind: 'present', path: { attr: 'constructor' } };
    expect(matchesFilter(hostile, {})).toBe(false);
    expect(matches('toString pr', {})).toBe(false);
    expect(matches('hasOwnProperty eq "x"', {})).toBe(false);
  });
});

describe('matchesValueFilter', () => {
  it('selects the elements a PATCH path names', () => {
    const { path, valueFilter } = parsePatchPath('emails[type eq "WORK"].value');
    const emails = bjensen.emails as unknown[];
    expect(emails.filter((email) => matchesValueFilter(path, valueFilter!, email))).toEqual([emails[0]]);
  });

  it('compares members.value exactly', () => {
    const { path, valueFilter } = parsePatchPath('members[value eq "ABC"]');
    expect(matchesValueFilter(path, valueFilter!, { value: 'ABC' })).toBe(true);
    expect(matchesValueFilter(path, valueFilter!, { value: 'abc' })).toBe(false);
  });

  it('sees a simple element as its value', () => {
    const { path, valueFilter } = parsePatchPath('tags[value sw "team-"]');
    expect(matchesValueFilter(path, valueFilter!, 'Team-A')).toBe(true);
    expect(matchesValueFilter(path, valueFilter!, 'ops')).toBe(false);
  });
});
