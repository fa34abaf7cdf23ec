/**
 * Hostile input to the filter language (the issue "Operations: ... hostile input"): fast-check
 * drives the parser and the MongoDB translator with random text and random trees built from
 * dangerous names. Either a tree and a safe query, or a RosterError of the right kind: never
 * another failure, never an operator off the allowlist, never a prototype-reaching key.
 */
import fc from 'fast-check';
import { RosterError } from '../../../src/domain/errors';
import { parseFilter, parsePatchPath } from '../../../src/scim/filter/parse';
import { toMongoQuery, userFieldMap } from '../../../src/store/filter/to-mongo';
import { unsafeKeys } from '../scim/filter/mongo-safety';
import { expectNoPollution, prototypeSnapshot } from './prototype-guard';

const RUNS = { text: 3000, trees: 2000 };

/** Stored fields the translator may name (plus their path segments). */
const USER_FIELDS: ReadonlySet<string> = new Set(
  [...userFieldMap.fields.values()].flatMap((spec) => [
    spec.field,
    ...(spec.keyField ? [spec.keyField] : []),
    ...spec.field.split('.'),
  ]),
);

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const NAMES = [
  'userName',
  'externalId',
  'emails',
  'emails.value',
  'name.givenName',
  'meta.lastModified',
  'active',
  `${ENTERPRISE}:manager.value`,
  `${ENTERPRISE}:department`,
];
/** Names an attacker would try: prototype paths, operators, inherited methods, references. */
const HOSTILE_NAMES = [
  '__proto__',
  '__proto__.polluted',
  'constructor.prototype',
  'prototype',
  '$where',
  'emails.$gt',
  'toString',
  'hasOwnProperty',
  `${ENTERPRISE}:manager.$ref`,
];
const ELEMENT_NAMES = ['type', 'value', 'primary', 'display', '__proto__', '$ne', 'constructor'];
const HOSTILE_STRINGS = [
  '$gt',
  '{"$ne": null}',
  '.*',
  '^',
  '\\',
  '"',
  '\u0000',
  '__proto__',
  'a\u2028b',
  ')|(',
  '[a-',
];
const OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le', 'EQ', 'Co'];

const quoted = (s: string) => JSON.stringify(s);
const value = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS).map(quoted),
  fc.string({ maxLength: 12 }).map(quoted),
  fc.constantFrom('true', 'false', 'null', '0', '-1.5e3', '"2011-05-13T04:42:34Z"'),
);
const name = fc.oneof(
  { arbitrary: fc.constantFrom(...NAMES), weight: 4 },
  { arbitrary: fc.constantFrom(...HOSTILE_NAMES), weight: 1 },
);
const comparison = (names: fc.Arbitrary<string>) =>
  fc.tuple(names, fc.constantFrom(...OPS), value).map(([n, op, v]) => `${n} ${op} ${v}`);
/** Inside `attr[...]`: sub-attribute names, joined by and/or. */
const elementFilter = fc
  .array(comparison(fc.constantFrom(...ELEMENT_NAMES)), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join(' and '));

/** Filters as text from the grammar's own pieces, so most of them parse and reach the translator. */
const { filter } = fc.letrec<{ filter: string; term: string }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison(name),
    name.map((n) => `${n} pr`),
    fc
      .tuple(fc.constantFrom('emails', 'phoneNumbers', 'addresses', '__proto__'), elementFilter)
      .map(([n, f]) => `${n}[${f}]`),
    tie('filter').map((f) => `not (${f})`),
    tie('filter').map((f) => `(${f})`),
  ),
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('term'),
    fc
      .tuple(tie('term'), fc.constantFrom('and', 'or', 'AND'), tie('term'))
      .map(([a, k, b]) => `${a} ${k} ${b}`),
  ),
}));

const PIECES = [
  'userName',
  'emails',
  '[',
  ']',
  '(',
  ')',
  ' ',
  'eq',
  'pr',
  'and',
  'or',
  'not',
  '"x"',
  '"',
  '.',
  ':',
  '$',
  '__proto__',
  '\\u0041',
  '1e309',
  'urn:',
];
const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 20 }).map((p) => p.join('')),
);

function expectRefusal(err: unknown, kind: string, input: string): void {
  if (!(err instanceof RosterError)) throw new Error(`${JSON.stringify(input)} failed with ${String(err)}`);
  expect(err.kind).toBe(kind);
}

describe(`filter parser and translator under hostile input (numRuns: text ${RUNS.text}, trees ${RUNS.trees})`, () => {
  const before = prototypeSnapshot();
  afterAll(() => expectNoPollution(before));

  it('answers any text with a tree or invalid-filter / invalid-path, never another failure', () => {
    fc.assert(
      fc.property(text, (input) => {
        for (const [parse, kind] of [
          [parseFilter, 'invalid-filter'],
          [parsePatchPath, 'invalid-path'],
        ] as const) {
          try {
            parse(input);
          } catch (err) {
            expectRefusal(err, kind, input);
          }
        }
      }),
      { numRuns: RUNS.text },
    );
  });

  it('translates every filter it accepts into a query of allowlisted operators and fields only', () => {
    let translated = 0;
    fc.assert(
      fc.property(filter, (input) => {
        let query;
        try {
          query = toMongoQuery(parseFilter(input), userFieldMap);
        } catch (err) {
          expectRefusal(err, 'invalid-filter', input);
          return;
        }
        translated += 1;
        expect(unsafeKeys(query, USER_FIELDS)).toEqual([]);
      }),
      { numRuns: RUNS.trees },
    );
    // The generator must reach the translator, or the property proves nothing.
    expect(translated).toBeGreaterThan(RUNS.trees / 8);
  });
});
