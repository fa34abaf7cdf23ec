import { applyPatch } from '../../../../src/scim/resources/users/user-patch';
import { errorOf } from './errors';
import { deepFreeze, patchBody, userResource } from './user-fixtures';

const babs = deepFreeze(userResource());
const op = (o: string, path: string, value?: unknown) =>
  patchBody(value === undefined ? { op: o, path } : { op: o, path, value });

describe('applyPatch: a whole multi-valued attribute', () => {
  it('add appends new values', () => {
    expect(applyPatch(babs, op('add', 'emails', [{ value: 'new@x', type: 'other' }])).emails).toEqual([
      ...babs.emails!,
      { value: 'new@x', type: 'other' },
    ]);
  });

  it('add of a value already present changes nothing, compared case-insensitively (RFC 7644 §3.5.2.1)', () => {
    const result = applyPatch(babs, op('add', 'emails', [{ value: 'BABS@jensen.org', type: 'Home' }]));
    expect(result.emails).toEqual(babs.emails);
  });

  it('add of the same new value twice in one request adds it once', () => {
    const twice = [{ value: 'new@x' }, { value: 'NEW@x' }];
    expect(applyPatch(babs, op('add', 'emails', twice)).emails).toEqual([
      ...babs.emails!,
      { value: 'new@x' },
    ]);
  });

  it('add of a single value (not an array) adds it', () => {
    expect(applyPatch(babs, op('add', 'ims', { value: 'babs', type: 'xmpp' })).ims).toEqual([
      { value: 'babs', type: 'xmpp' },
    ]);
  });

  it('add of a new primary value demotes the old primary (RFC 7644 §3.5.2)', () => {
    expect(applyPatch(babs, op('add', 'emails', [{ value: 'p@x', primary: 'True' }])).emails).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: false },
      { value: 'babs@jensen.org', type: 'home' },
      { value: 'p@x', primary: true },
    ]);
  });

  it('replace replaces every value; an empty list unassigns', () => {
    expect(applyPatch(babs, op('replace', 'emails', [{ value: 'only@x' }])).emails).toEqual([
      { value: 'only@x' },
    ]);
    expect(applyPatch(babs, op('replace', 'emails', []))).not.toHaveProperty('emails');
  });

  it('remove without value removes every value', () => {
    expect(applyPatch(babs, op('remove', 'emails'))).not.toHaveProperty('emails');
  });

  it('remove with value removes just those values (the Entra members form)', () => {
    expect(applyPatch(babs, op('remove', 'emails', [{ value: 'babs@jensen.org' }])).emails).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: true },
    ]);
  });

  it('remove with a null value removes every value, as without one', () => {
    expect(applyPatch(babs, op('remove', 'emails', null))).not.toHaveProperty('emails');
  });

  it('remove with a value that is not there changes nothing', () => {
    expect(applyPatch(babs, op('remove', 'emails', [{ value: 'nobody@x' }])).emails).toEqual(babs.emails);
  });

  it('values of the wrong shape → invalid-value', () => {
    expect(errorOf(() => applyPatch(babs, op('add', 'emails', ['plain@x']))).kind).toBe('invalid-value');
    expect(
      errorOf(() =>
        applyPatch(
          babs,
          op('replace', 'emails', [
            { value: 'a', primary: true },
            { value: 'b', primary: true },
          ]),
        ),
      ).kind,
    ).toBe('invalid-value');
  });
});

describe('applyPatch: value filters (RFC 7644 §3.5.2, valuePath)', () => {
  it('replace attr[filter].sub changes the sub-attribute of the matching elements only', () => {
    expect(applyPatch(babs, op('replace', 'emails[type eq "work"].value', 'w@x')).emails).toEqual([
      { value: 'w@x', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ]);
  });

  it('filters compare with the schema casing: type is case-insensitive ("Work" matches "work")', () => {
    expect(applyPatch(babs, op('replace', 'emails[TYPE eq "Work"].display', 'Office')).emails![0]).toEqual({
      value: 'bjensen@example.com',
      type: 'work',
      primary: true,
      display: 'Office',
    });
  });

  it('replace attr[filter] replaces the matching elements whole', () => {
    expect(
      applyPatch(babs, op('replace', 'emails[type eq "home"]', { value: 'h@x', type: 'home' })).emails,
    ).toEqual([babs.emails![0], { value: 'h@x', type: 'home' }]);
  });

  it('add attr[filter] merges into the matching elements', () => {
    expect(applyPatch(babs, op('add', 'emails[type eq "home"]', { display: 'Home' })).emails![1]).toEqual({
      value: 'babs@jensen.org',
      type: 'home',
      display: 'Home',
    });
  });

  it('setting primary through a filter demotes the other primary', () => {
    expect(applyPatch(babs, op('replace', 'emails[type eq "home"].primary', true)).emails).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: false },
      { value: 'babs@jensen.org', type: 'home', primary: true },
    ]);
  });

  it('remove attr[filter] removes the matching elements', () => {
    expect(applyPatch(babs, op('remove', 'emails[type eq "home" or value co "example"]'))).not.toHaveProperty(
      'emails',
    );
    expect(applyPatch(babs, op('remove', 'emails[value eq "babs@jensen.org"]')).emails).toHaveLength(1);
  });

  it('remove attr[filter].sub removes the sub-attribute of the matching elements', () => {
    expect(applyPatch(babs, op('remove', 'emails[type eq "work"].primary')).emails![0]).toEqual({
      value: 'bjensen@example.com',
      type: 'work',
    });
  });

  it('remove with a filter that matches nothing → no-target (RFC 7644 Table 9)', () => {
    expect(errorOf(() => applyPatch(babs, op('remove', 'emails[type eq "other"]'))).kind).toBe('no-target');
    expect(errorOf(() => applyPatch(babs, op('remove', 'ims[type eq "xmpp"].value'))).kind).toBe('no-target');
  });

  it('attr.sub without a filter applies to every element', () => {
    expect(applyPatch(babs, op('remove', 'emails.primary')).emails).toEqual([
      { value: 'bjensen@example.com', type: 'work' },
      { value: 'babs@jensen.org', type: 'home' },
    ]);
  });
});

describe('applyPatch: a filter that matches nothing on add/replace', () => {
  it.each(['add', 'replace'])('%s emails[type eq "other"].value creates {type: "other", value}', (o) => {
    expect(applyPatch(babs, op(o, 'emails[type eq "other"].value', 'o@x')).emails).toEqual([
      ...babs.emails!,
      { type: 'other', value: 'o@x' },
    ]);
  });

  it('creates the element when the attribute has no value at all', () => {
    expect(applyPatch(babs, op('add', 'addresses[type eq "work"].locality', 'Hollywood')).addresses).toEqual([
      { type: 'work', locality: 'Hollywood' },
    ]);
  });

  it('eq conditions joined by "and" all go into the created element, coerced to their types', () => {
    expect(
      applyPatch(babs, op('add', 'phoneNumbers[type eq "mobile" and primary eq true].value', '555'))
        .phoneNumbers,
    ).toEqual([
      { value: '555-555-8377', type: 'work' },
      { type: 'mobile', primary: true, value: '555' },
    ]);
  });

  it('an element value through attr[filter] is created merged with the filter', () => {
    expect(applyPatch(babs, op('replace', 'ims[type eq "xmpp"]', { value: 'babs@jabber' })).ims).toEqual([
      { type: 'xmpp', value: 'babs@jabber' },
    ]);
  });

  it.each([
    'emails[type ne "home"].value',
    'emails[type eq "a" or type eq "b"].value',
    'emails[type eq "a" and type eq "b"].value',
    'emails[value co "zzz"].value',
    'emails[not (type eq "home")].value',
    'emails[display pr].value',
  ])('%s cannot describe one element → no-target', (path) => {
    const unmatched = userResource({ emails: [{ value: 'a@x', type: 'home', display: '' }] });
    const error = errorOf(() => applyPatch(unmatched, op('replace', path, 'o@x')));
    expect(error.kind).toBe('no-target');
  });

  it('replace with null through an unmatched filter → no-target, as there is nothing to clear', () => {
    expect(errorOf(() => applyPatch(babs, op('replace', 'emails[type eq "other"].value', null))).kind).toBe(
      'no-target',
    );
  });
});
