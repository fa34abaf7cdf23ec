/**
 * Issue 16 item 5: userNames people cannot tell apart. The normalisation of src/domain/identifiers.ts
 * on the issue's own examples, and what a new userName may not hold (docs/identifiers.md).
 */
import { identifierFragment, identifierKey, identifierProblem } from '../../../src/domain/identifiers';
import { foldCase } from '../../../src/domain/text';

describe('identifierKey', () => {
  it.each([
    ['ẗx', 'T̈x', 'full case folding: U+1E97 has no capital; its folding is t + U+0308'],
    ['οδοσ', 'ΟΔΟΣ', 'final sigma: toLowerCase gives ς at the end, folding σ'],
    ['οδος', 'ΟΔΟΣ', 'final sigma written as ς'],
    ['straße', 'STRASSE', 'ß folds to ss'],
    ['ﬁn', 'FIN', 'ligatures fold to their letters'],
    ['ｂｏｂ＠ｘ．ｃｏｍ', 'bob@x.com', 'width mapping of fullwidth forms'],
    ['ｶﾞ', 'ガ', 'halfwidth katakana and its voiced mark compose'],
    ['é', 'é', 'NFC: decomposed and composed accents'],
    ['spaceuser', 'spaceuser ', 'surrounding white space is ignored'],
    ['spaceuser', '\u3000spaceuser\t', 'ideographic space and tabs too'],
    ['ab', 'a\u200bb', 'invisible characters are dropped from the key (stored names before the rule)'],
    ['Ꭰ', 'ꭰ', 'Cherokee folds to its capitals'],
  ])('%j and %j are one name (%s)', (a, b) => {
    expect(identifierKey(a)).toBe(identifierKey(b));
  });

  it.each([
    ['ı', 'i', 'dotless i is its own letter in CaseFolding.txt'],
    ['a b', 'ab', 'inner spaces count'],
    ['bob', 'bób', 'accents count'],
  ])('%j and %j stay two names (%s)', (a, b) => {
    expect(identifierKey(a)).not.toBe(identifierKey(b));
  });

  it('a prefix filter finds names beginning with a final sigma word (userName sw "ΟΔΟΣ" finds ΟΔΟΣΑ)', () => {
    expect(identifierKey('ΟΔΟΣΑ').startsWith(identifierFragment('ΟΔΟΣ'))).toBe(true);
    expect(identifierKey('οδοσα').startsWith(identifierFragment('ΟΔΟΣ'))).toBe(true);
  });

  it('is ASCII toLowerCase for ASCII, the fast path', () => {
    expect(identifierKey('  Bob.Smith@Example.COM ')).toBe('bob.smith@example.com');
    expect(foldCase('MiXeD')).toBe('mixed');
  });
});

describe('identifierProblem', () => {
  it.each([['bob@example.com'], ['Ana María'], ['spaceuser '], ['李小龍'], ['😀'], ['ｂｏｂ']])(
    '%j may be a userName',
    (name) => {
      expect(identifierProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ['a\u0000b', 'control character (U+0000)'],
    ['a\nb', 'control character (U+000A)'],
    ['admin\u202egpj.exe', 'bidirectional-text control (U+202E)'],
    ['a\u200bb', 'invisible character (U+200B)'],
    ['a\u00adb', 'invisible character (U+00AD)'],
    ['a\u00a0b', 'white-space character other than the space (U+00A0)'],
    ['a\u2028b', 'white-space character other than the space (U+2028)'],
    ['a\ue000b', 'private-use character (U+E000)'],
    ['a\ufffeb', 'unassigned code point (U+FFFE)'],
    ['a\ud800b', 'not valid Unicode'],
  ])('%j is refused: %s', (name, why) => {
    expect(identifierProblem(name)).toContain(why);
  });
});
