import { RosterError } from '../../../../src/domain/errors';
import type { Filter } from '../../../../src/scim/filter/ast';
import {
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  parseAttrPath,
  parseFilter,
  parsePatchPath,
} from '../../../../src/scim/filter/parse';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

const present = (attr: string): Filter => ({ kind: 'present', path: { attr } });
const eq = (attr: string, value: string | number | boolean | null): Filter => ({
  kind: 'compare',
  path: { attr },
  op: 'eq',
  value,
});

function rejection(parse: () => unknown): RosterError {
  try {
    parse();
  } catch (err) {
    if (err instanceof RosterError) return err;
    throw err;
  }
  throw new Error('expected a RosterError, but parsing succeeded');
}

describe('parseFilter', () => {
  it.each(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'] as const)('reads the %s operator', (op) => {
    expect(parseFilter(`title ${op} "x"`)).toEqual({
      kind: 'compare',
      path: { attr: 'title' },
      op,
      value: 'x',
    });
  });

  it('reads pr', () => {
    expect(parseFilter('title pr')).toEqual(present('title'));
  });

  it.each([
    ['"x"', 'x'],
    ['42', 42],
    ['-1.5e2', -150],
    ['true', true],
    ['FALSE', false],
    ['Null', null],
  ])('reads the literal %s', (text, value) => {
    expect(parseFilter(`a eq ${text}`)).toEqual(eq('a', value));
  });

  it('decodes JSON string escapes', () => {
    expect(parseFilter(String.raw`a eq "say \"hi\" \\ caf\u00e9 \/ \t"`)).toEqual(
      eq('a', 'say "hi" \\ café / \t'),
    );
  });

  it('keeps brackets and keywords inside strings as data', () => {
    expect(parseFilter('displayName eq "Sales and (Marketing) or [x]"')).toEqual(
      eq('displayName', 'Sales and (Marketing) or [x]'),
    );
  });

  it('binds and tighter than or (RFC 7644 §3.4.2.2)', () => {
    expect(parseFilter('a pr or b pr and c pr')).toEqual({
      kind: 'or',
      left: present('a'),
      right: { kind: 'and', left: present('b'), right: present('c') },
    });
    expect(parseFilter('a pr and b pr or c pr')).toEqual({
      kind: 'or',
      left: { kind: 'and', left: present('a'), right: present('b') },
      right: present('c'),
    });
  });

  it('is left-associative within one operator', () => {
    expect(parseFilter('a pr and b pr and c pr')).toEqual({
      kind: 'and',
      left: { kind: 'and', left: present('a'), right: present('b') },
      right: present('c'),
    });
  });

  it('reads nested groups and negations', () => {
    expect(parseFilter('a pr and (b pr or not (c eq 1))')).toEqual({
      kind: 'and',
      left: present('a'),
      right: { kind: 'or', left: present('b'), right: { kind: 'not', filter: eq('c', 1) } },
    });
    expect(parseFilter('((a pr))')).toEqual(present('a'));
    expect(parseFilter('not(a pr)')).toEqual({ kind: 'not', filter: present('a') });
  });

  it('lets grouping override precedence', () => {
    expect(parseFilter('(a pr or b pr) and c pr')).toEqual({
      kind: 'and',
      left: { kind: 'or', left: present('a'), right: present('b') },
      right: present('c'),
    });
  });

  it('keeps the meaning of not over a group', () => {
    expect(parseFilter('not (a pr and b pr)')).toEqual({
      kind: 'not',
      filter: { kind: 'and', left: present('a'), right: present('b') },
    });
    expect(parseFilter('not (displayName eq "Sales and Marketing")')).toEqual({
      kind: 'not',
      filter: eq('displayName', 'Sales and Marketing'),
    });
  });

  it('reads keywords in any case', () => {
    expect(parseFilter('userName EQ "x" AND NOT (title Pr) Or a Gt 1')).toEqual({
      kind: 'or',
      left: { kind: 'and', left: eq('userName', 'x'), right: { kind: 'not', filter: present('title') } },
      right: { kind: 'compare', path: { attr: 'a' }, op: 'gt', value: 1 },
    });
  });

  it('reads sub-attributes and schema URNs', () => {
    expect(parseFilter('name.familyName sw "J"')).toMatchObject({
      path: { attr: 'name', subAttr: 'familyName' },
    });
    expect(parseFilter(`${ENTERPRISE}:manager.value eq "123"`)).toMatchObject({
      path: { schema: ENTERPRISE, attr: 'manager', subAttr: 'value' },
    });
    expect(parseFilter(`${CORE}:userName eq "x"`)).toMatchObject({
      path: { schema: CORE, attr: 'userName' },
    });
    expect(parseFilter('members.$ref pr')).toEqual({
      kind: 'present',
      path: { attr: 'members', subAttr: '$ref' },
    });
  });

  it('reads value paths, with names relative to the element', () => {
    expect(parseFilter('emails[type eq "work" and value co "@example.com"]')).toEqual({
      kind: 'valuePath',
      path: { attr: 'emails' },
      filter: {
        kind: 'and',
        left: eq('type', 'work'),
        right: { kind: 'compare', path: { attr: 'value' }, op: 'co', value: '@example.com' },
      },
    });
    expect(parseFilter('emails[type eq "work"] and emails[type eq "home"]')).toMatchObject({
      kind: 'and',
      left: { kind: 'valuePath' },
      right: { kind: 'valuePath' },
    });
  });

  it('reads a sub-attribute compared after a value filter as one more condition on the element (Entra)', () => {
    expect(parseFilter('emails[type eq "work"].value eq "ann@x.com"')).toEqual({
      kind: 'valuePath',
      path: { attr: 'emails' },
      filter: { kind: 'and', left: eq('type', 'work'), right: eq('value', 'ann@x.com') },
    });
    expect(parseFilter(`${CORE}:addresses[type eq "work"].postalCode pr`)).toEqual({
      kind: 'valuePath',
      path: { schema: CORE, attr: 'addresses' },
      filter: { kind: 'and', left: eq('type', 'work'), right: present('postalCode') },
    });
    expect(parseFilter('phoneNumbers[type eq "mobile"].value eq "1" and userName pr')).toMatchObject({
      kind: 'and',
      left: { kind: 'valuePath', filter: { kind: 'and', right: eq('value', '1') } },
      right: present('userName'),
    });
  });

  it.each([
    ['userName eq "bjensen@example.com"', eq('userName', 'bjensen@example.com')],
    ['externalId eq "00u1abcd"', eq('externalId', '00u1abcd')],
    ['displayName eq "Sales"', eq('displayName', 'Sales')],
    [
      'id eq "8c4b" and members eq "2f1a"',
      { kind: 'and', left: eq('id', '8c4b'), right: eq('members', '2f1a') } satisfies Filter,
    ],
  ])('reads the filter Okta and Entra send: %s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });

  it.each([
    ['__proto__.x eq 1', /"__proto__" is not allowed/],
    ['constructor.prototype.x pr', /"constructor" is not allowed/],
    ['name.prototype pr', /"prototype" is not allowed/],
    ['emails[constructor eq 1]', /"constructor" is not allowed/],
    ['$where eq "1"', /"\$where" is not a valid attribute name/],
    ['userName eq', /character 12: expected a value after "eq"/],
    ['userName eq bjensen', /put strings in double quotes/],
    ['userName zz "x"', /character 10: expected an operator .* found "zz"/],
    ['userName', /expected an operator/],
    ['(userName pr', /expected "\)" to close the "\(" at character 1/],
    ['userName pr)', /"\)" has no matching opening bracket/],
    ['emails[type pr', /expected "]"/],
    ['userName pr userName pr', /expected "and", "or" or the end of the filter/],
    ['userName pr and', /expected an attribute name/],
    ['not userName pr', /expected "\(" after "not"/],
    ['', /empty/],
    ['   ', /empty/],
    ['a.b.c pr', /too many parts/],
    ['foo:bar pr', /not a schema URN/],
    ['emails[type[value pr] pr]', /cannot be nested/],
    ['emails[name.type pr]', /sub-attribute of emails alone/],
    ['name.givenName[value pr]', /must follow a multi-valued attribute/],
    ['emails[type eq "work"].value', /expected an operator .* after "emails\[\.\.\.\]\.value"/],
    ['emails[type eq "work"].value zz "x"', /expected an operator/],
    ['emails[type eq "work"].value.x eq "x"', /"value\.x" is not a valid attribute name/],
    ['emails[type eq "work"].value[type pr] pr', /cannot be nested/],
    ['emails[type eq "work"].__proto__ eq "x"', /"__proto__" is not allowed/],
    ['a eq "unterminated', /string is not closed/],
    [String.raw`a eq "bad \x escape"`, /invalid escape/],
    ['a eq 01', /malformed number/],
    ['a eq 1e999', /malformed number/],
    ['a co 1', /"co" compares strings/],
    ['active gt true', /"gt" cannot compare with true/],
    ['a lt null', /"lt" cannot compare with null/],
    ['a eq "x" ; drop', /unexpected character ";"/],
    ['a eq {"$gt": ""}', /unexpected character "{"/],
  ])('rejects %j', (text, detail) => {
    const err = rejection(() => parseFilter(text));
    expect(err.kind).toBe('invalid-filter');
    expect(err.detail).toMatch(detail);
  });

  it('accepts nesting up to the limit and rejects deeper', () => {
    const nested = (depth: number) => `${'('.repeat(depth)}a pr${')'.repeat(depth)}`;
    expect(parseFilter(nested(MAX_FILTER_DEPTH))).toEqual(present('a'));
    const err = rejection(() => parseFilter(nested(MAX_FILTER_DEPTH + 1)));
    expect(err.kind).toBe('invalid-filter');
    expect(err.detail).toMatch(/nested deeper than 50/);
    expect(rejection(() => parseFilter(`${'not ('.repeat(60)}a pr${')'.repeat(60)}`)).kind).toBe(
      'invalid-filter',
    );
  });

  it('rejects input over the length limit', () => {
    const long = `displayName eq "${'x'.repeat(MAX_FILTER_LENGTH)}"`;
    const err = rejection(() => parseFilter(long));
    expect(err.kind).toBe('invalid-filter');
    expect(err.detail).toMatch(/more than the limit of 10000/);
  });

  it('accepts long flat filters within the limit', () => {
    const terms = Array.from({ length: 900 }, () => 'a pr').join(' or ');
    expect(parseFilter(terms).kind).toBe('or');
  });
});

describe('parseAttrPath', () => {
  it('reads plain, sub-attribute and qualified paths', () => {
    expect(parseAttrPath('userName')).toEqual({ attr: 'userName' });
    expect(parseAttrPath(' name.givenName ')).toEqual({ attr: 'name', subAttr: 'givenName' });
    expect(parseAttrPath(`${ENTERPRISE}:department`)).toEqual({ schema: ENTERPRISE, attr: 'department' });
  });

  it.each(['', 'a b', 'emails[type eq "work"]', '__proto__', 'a.', '"x"'])('rejects %j', (text) => {
    expect(rejection(() => parseAttrPath(text)).kind).toBe('invalid-filter');
  });
});

describe('parsePatchPath', () => {
  it('reads an attribute path', () => {
    expect(parsePatchPath('name.givenName')).toEqual({ path: { attr: 'name', subAttr: 'givenName' } });
    expect(parsePatchPath(`${ENTERPRISE}:manager`)).toEqual({
      path: { schema: ENTERPRISE, attr: 'manager' },
    });
  });

  it('reads a value path with and without a sub-attribute', () => {
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      path: { attr: 'emails' },
      valueFilter: eq('type', 'work'),
      subAttr: 'value',
    });
    expect(parsePatchPath('members[value eq "2819c223"]')).toEqual({
      path: { attr: 'members' },
      valueFilter: eq('value', '2819c223'),
    });
    expect(parsePatchPath('members[value eq "x"].$ref')).toMatchObject({ subAttr: '$ref' });
  });

  it.each([
    ['', /empty/],
    ['emails[type eq "work"].', /attribute name is missing/],
    ['emails[type eq "work"]value', /expected "\." followed by a sub-attribute/],
    ['emails[type eq "work"].value.x', /"value\.x" is not a valid attribute name/],
    ['emails[type eq]', /expected a value/],
    ['emails[type eq "work"', /expected "]"/],
    ['__proto__.polluted', /"__proto__" is not allowed/],
    ['emails eq "x"', /expected "\[" or the end of the path/],
  ])('rejects %j as an invalid path', (text, detail) => {
    const err = rejection(() => parsePatchPath(text));
    expect(err.kind).toBe('invalid-path');
    expect(err.detail).toMatch(detail);
  });
});
