/**
 * The caseless form of a string (RFC 7643 §2.3.1 caseExact false), one definition for every
 * layer: filters, PATCH value matching, and (through identifiers.ts) the stored keys that decide
 * uniqueness. Three steps, in RFC 8265's order (docs/identifiers.md says why each):
 *
 * 1. Width mapping: fullwidth and halfwidth forms (U+3000, U+FF01–U+FFEE) become their ordinary
 *    forms, so `ｂｏｂ` is `bob`.
 * 2. Full case folding (Unicode CaseFolding.txt, statuses C and F), not toLowerCase: `ß` and `SS`
 *    fold alike, and final sigma `ς` folds to `σ`, so `ΟΔΟΣ` and `οδοσ` agree and a prefix of a
 *    folded string is the fold of a prefix. Built from the engine's own case mappings
 *    (lower → upper → lower) plus the three places CaseFolding.txt differs from that round trip:
 *    `ς` → `σ`, Cherokee folds to its capitals, and dotless `ı` stays `ı`. Checked against Python's
 *    str.casefold for every code point (docs/identifiers.md).
 * 3. NFC (after folding the canonical decomposition), so composed and decomposed accents agree.
 *    The result is stable:
 *    foldCase(foldCase(x)) === foldCase(x) (test/unit/property/identifiers.property.test.ts).
 */
export function foldCase(value: string): string {
  // Nearly every value Okta and Entra send is ASCII, where all three steps are toLowerCase.
  if (ASCII.test(value)) return value.toLowerCase();
  const known = FOLDED.get(value);
  if (known !== undefined) return known;
  const folded = foldOther(value);
  // A memo, so a value compared many times (a PATCH runs each value filter once per element and
  // operation) is folded once. Bounded: cleared when full, and long values are not kept.
  if (value.length <= MEMO_MAX_LENGTH) {
    if (FOLDED.size >= MEMO_MAX_ENTRIES) FOLDED.clear();
    FOLDED.set(value, folded);
  }
  return folded;
}

function foldOther(value: string): string {
  const wide = value.replace(WIDE_OR_NARROW, (ch) => ch.normalize('NFKC'));
  // Decomposed first (Unicode's canonical caseless match, D145): U+0345 folds to the letter ι, so
  // `ᾳ + U+0301` and its canonical equivalent `ᾴ` would fold apart if marks were not reordered.
  const narrow = wide.normalize('NFD');
  // The engine's case mappings are per code point in the root locale, except final sigma, which
  // the next step undoes; dotless ı is kept out of the round trip.
  const cased = narrow.includes('ı') ? narrow.split('ı').map(roundTrip).join('ı') : roundTrip(narrow);
  return cased
    .replace(/ς/g, 'σ')
    .replace(CHEROKEE_SMALL, (ch) => ch.toUpperCase())
    .normalize('NFC');
}

const roundTrip = (text: string) => text.toLowerCase().toUpperCase().toLowerCase();

// eslint-disable-next-line no-control-regex -- every ASCII code point, controls included
const ASCII = /^[\x00-\x7f]*$/;
/** Code points with a <wide> or <narrow> decomposition (UnicodeData.txt). */
const WIDE_OR_NARROW = /[\u3000\uff01-\uffee]/g;
/** CaseFolding.txt maps Cherokee small letters to the capitals, unlike toLowerCase. */
const CHEROKEE_SMALL = /[\u13f8-\u13fd\uab70-\uabbf]/g;
const FOLDED = new Map<string, string>();
const MEMO_MAX_ENTRIES = 4096;
const MEMO_MAX_LENGTH = 1024;
