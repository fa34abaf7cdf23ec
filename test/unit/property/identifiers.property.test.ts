/**
 * Issue 16 item 5, property suite: the userName normalisation is idempotent, and uniqueness (two
 * names collide when their keys are equal) agrees with lookup (`userName eq` through the MongoDB
 * translation and through the in-memory matcher) for every generated pair. The store's side of
 * the same agreement is test/integration/scim-identifiers.test.ts.
 */
import fc from 'fast-check';
import { identifierFragment, identifierKey } from '../../../src/domain/identifiers';
import { foldCase } from '../../../src/domain/text';
import { matchesFilter } from '../../../src/scim/filter/match';
import { parseFilter } from '../../../src/scim/filter/parse';
import { toMongoQuery, userFieldMap } from '../../../src/scim/filter/to-mongo';

const RUNS = 3000;

/** Characters chosen to meet the rules: cases, sigma, ligatures, widths, accents, invisibles, spaces. */
const TRICKY = [
  ...'aAbBsSkKiIıİtT',
  ...'σςΣßẞẗﬁﬀſK',
  ...'ｂＢｶﾞ\u3000',
  'e\u0301',
  'é',
  '\u0345',
  'ᾳ',
  'Ꭰꭰ',
  '\u200b',
  '\u00ad',
  ' ',
  '\t',
  '@.',
].flatMap((s) => [...s]);

const trickyName = fc.array(fc.constantFrom(...TRICKY), { maxLength: 12 }).map((cs) => cs.join(''));
const anyName = fc.oneof(
  trickyName,
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/**
 * A name and a variant of it a person would read as the same: re-cased, re-spaced, re-composed.
 * Built from whole characters (a combining mark only after its letter): the engine's Greek-aware
 * toUpperCase moves a stray ypogegrammeni across other marks, which no longer names the same
 * text. Without dotless ı, whose capital is the I of i (CaseFolding.txt keeps ı and i apart).
 */
const WHOLE = [
  ...'aAbBsSkKiItT',
  ...'σςΣßẞẗﬁﬀſK',
  ...'ｂＢｶ\u3000',
  'e\u0301',
  'é',
  'ᾳ',
  'ᾴ',
  'Ꭰ',
  'ꭰ',
  ' ',
  '@',
  '.',
];
const lookalikePair = fc
  .array(fc.constantFrom(...WHOLE), { minLength: 1, maxLength: 12 })
  .map((cs) => cs.join(''))
  .chain((name) =>
    fc
      .constantFrom<(s: string) => string>(
        (s) => s.toUpperCase(),
        (s) => s.toLowerCase(),
        (s) => s.normalize('NFD'),
        (s) => s.normalize('NFC'),
        (s) => ` ${s}\u3000`,
        (s) => s.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x61 + 0xff41)),
      )
      .map((variant) => [name, variant(name)] as const),
  );

/** The key the store's `userName eq` query compares with the stored userNameKey. */
function eqQueryKey(literal: string): unknown {
  const query = toMongoQuery(parseFilter(`userName eq ${JSON.stringify(literal)}`), userFieldMap);
  return (query as { userNameKey?: { $eq?: unknown } }).userNameKey?.$eq;
}

describe('userName normalisation (properties)', () => {
  it('identifierKey and foldCase are idempotent', () => {
    fc.assert(
      fc.property(anyName, (name) => {
        const key = identifierKey(name);
        expect(identifierKey(key)).toBe(key);
        expect(foldCase(foldCase(name))).toBe(foldCase(name));
        expect(identifierFragment(identifierFragment(name))).toBe(identifierFragment(name));
      }),
      { numRuns: RUNS },
    );
  });

  it('uniqueness and `eq` lookup agree for every pair, in the query and in memory', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(anyName, anyName), lookalikePair), ([stored, sought]) => {
        // A userName with nothing left in its key is refused as empty (RFC 7643 §4.1 required).
        fc.pre(identifierKey(stored) !== '');
        const collide = identifierKey(stored) === identifierKey(sought);
        // The store finds the user when the query's key is the stored key.
        expect(eqQueryKey(sought) === identifierKey(stored)).toBe(collide);
        // The in-memory matcher (the embedded store's scan path) gives the same answer.
        expect(
          matchesFilter(parseFilter(`userName eq ${JSON.stringify(sought)}`), { userName: stored }),
        ).toBe(collide);
      }),
      { numRuns: RUNS },
    );
  });

  it('a name and its lookalike are one name', () => {
    fc.assert(
      fc.property(lookalikePair, ([a, b]) => {
        expect(identifierKey(a)).toBe(identifierKey(b));
      }),
      { numRuns: RUNS },
    );
  });

  it('sw with a whole ASCII-or-tricky prefix finds the name, in memory as in the query', () => {
    fc.assert(
      fc.property(trickyName, trickyName, (head, tail) => {
        const name = `${head}x${tail}`;
        const literal = `${head}x`;
        const query = toMongoQuery(parseFilter(`userName sw ${JSON.stringify(literal)}`), userFieldMap) as {
          userNameKey: { $regex: string };
        };
        const inMemory = matchesFilter(parseFilter(`userName sw ${JSON.stringify(literal)}`), {
          userName: name,
        });
        expect(new RegExp(query.userNameKey.$regex).test(identifierKey(name))).toBe(inMemory);
      }),
      { numRuns: RUNS },
    );
  });
});
