/**
 * Property-style checks over generated input, with a seeded generator so failures reproduce:
 * printing a filter and parsing it back gives the same tree; any text either parses or fails with
 * the right RosterError kind; every translation is safe or refused.
 */
import { RosterError } from '../../../../src/domain/errors';
import type { AttrPath, CompareOp, Filter, FilterValue } from '../../../../src/domain/filter';
import { parseFilter, parsePatchPath } from '../../../../src/scim/filter/parse';
import { toMongoQuery, userFieldMap } from '../../../../src/store/filter/to-mongo';
import { unsafeKeys } from './mongo-safety';

/** mulberry32: a tiny deterministic PRNG. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATHS: AttrPath[] = [
  { attr: 'userName' },
  { attr: 'externalId' },
  { attr: 'active' },
  { attr: 'name', subAttr: 'givenName' },
  { attr: 'emails', subAttr: 'value' },
  { attr: 'meta', subAttr: 'lastModified' },
  { schema: ENTERPRISE, attr: 'department' },
  { schema: ENTERPRISE, attr: 'manager', subAttr: 'value' },
  { attr: 'members', subAttr: '$ref' },
  { attr: 'unknownThing' },
];
const ELEMENT_NAMES = ['type', 'value', 'primary', 'display'];
const OPS: CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'];
const STRING_PIECES = [
  'a',
  'Z',
  ' ',
  '"',
  '\\',
  '$gt',
  '{',
  '}',
  '.*',
  '(',
  ')',
  '[',
  ']',
  'é',
  'e\u0301',
  '\u2028',
  'and',
];

function generator(seed: number) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

  const value = (op: CompareOp): FilterValue => {
    const roll = next();
    if (op === 'co' || op === 'sw' || op === 'ew' || roll < 0.5) {
      return Array.from({ length: Math.floor(next() * 6) }, () => pick(STRING_PIECES)).join('');
    }
    if (roll < 0.7 || op === 'gt' || op === 'lt' || op === 'ge' || op === 'le') {
      return Math.round((next() - 0.5) * 1e4) / 100 || 0; // no -0: JSON prints it as 0
    }
    return pick([true, false, null]);
  };

  const leaf = (element: boolean): Filter => {
    const path = element ? { attr: pick(ELEMENT_NAMES) } : pick(PATHS);
    if (next() < 0.2) return { kind: 'present', path };
    const op = pick(OPS);
    return { kind: 'compare', path, op, value: value(op) };
  };

  const filter = (depth: number, element: boolean): Filter => {
    const roll = next();
    if (depth === 0 || roll < 0.3) return leaf(element);
    if (roll < 0.55)
      return { kind: 'and', left: filter(depth - 1, element), right: filter(depth - 1, element) };
    if (roll < 0.8)
      return { kind: 'or', left: filter(depth - 1, element), right: filter(depth - 1, element) };
    if (roll < 0.9 || element) return { kind: 'not', filter: filter(depth - 1, element) };
    return { kind: 'valuePath', path: { attr: 'emails' }, filter: filter(depth - 1, true) };
  };

  return { filter: () => filter(4, false), pick, next };
}

function printPath(path: AttrPath): string {
  const name = path.subAttr === undefined ? path.attr : `${path.attr}.${path.subAttr}`;
  return path.schema === undefined ? name : `${path.schema}:${name}`;
}

/** Fully parenthesised, so the printed text has exactly the generated tree. */
function print(filter: Filter): string {
  switch (filter.kind) {
    case 'compare':
      return `${printPath(filter.path)} ${filter.op} ${JSON.stringify(filter.value)}`;
    case 'present':
      return `${printPath(filter.path)} pr`;
    case 'and':
    case 'or':
      return `(${print(filter.left)}) ${filter.kind} (${print(filter.right)})`;
    case 'not':
      return `not (${print(filter.filter)})`;
    case 'valuePath':
      return `${printPath(filter.path)}[${print(filter.filter)}]`;
  }
}

const USER_FIELDS: ReadonlySet<string> = new Set(
  [...userFieldMap.fields.values()].flatMap((spec) => [
    spec.field,
    ...(spec.keyField ? [spec.keyField] : []),
    ...spec.field.split('.'),
  ]),
);

describe('filter properties', () => {
  it('parses printed filters back to the same tree', () => {
    const gen = generator(7);
    for (let i = 0; i < 500; i++) {
      const filter = gen.filter();
      expect(parseFilter(print(filter))).toEqual(filter);
    }
  });

  it('translates every filter safely or refuses it as invalid-filter', () => {
    const gen = generator(11);
    let translated = 0;
    for (let i = 0; i < 500; i++) {
      const filter = gen.filter();
      try {
        expect(unsafeKeys(toMongoQuery(filter, userFieldMap), USER_FIELDS)).toEqual([]);
        translated++;
      } catch (err) {
        if (!(err instanceof RosterError)) throw err;
        expect(err.kind).toBe('invalid-filter');
      }
    }
    expect(translated).toBeGreaterThan(10);
  });

  it('answers arbitrary text with a tree or a RosterError, never another failure', () => {
    const pieces = [
      'userName',
      'emails',
      'urn:x:y:',
      '__proto__',
      'constructor',
      '$where',
      '$ref',
      '.',
      ':',
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
      '\\',
      '\\u00',
      '1',
      '-',
      'e5',
      'true',
      '{',
      '\u0000',
    ];
    const gen = generator(13);
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: 1 + Math.floor(gen.next() * 12) }, () => gen.pick(pieces)).join('');
      for (const [parse, kind] of [
        [parseFilter, 'invalid-filter'],
        [parsePatchPath, 'invalid-path'],
      ] as const) {
        try {
          parse(text);
        } catch (err) {
          if (!(err instanceof RosterError)) throw new Error(`${JSON.stringify(text)}: ${String(err)}`);
          expect(err.kind).toBe(kind);
        }
      }
    }
    expect(Object.prototype).not.toHaveProperty('eq');
  });
});
