/**
 * Identifiers people must be able to tell apart: userName, and the displayName that names a
 * group. One normalisation decides uniqueness, `eq` lookup and `sw`/`co`/`ew` filters alike, so
 * two names that compare equal can never both exist and a name that exists is always found.
 * A documented subset of RFC 8265's UsernameCaseMapped profile: docs/identifiers.md.
 */
import { hasLoneSurrogate } from './unicode';
import { foldCase } from './text';

/**
 * The key an identifier is stored, compared and looked up by: invisible (default-ignorable)
 * characters removed, surrounding white space trimmed, then foldCase (width mapping, full case
 * folding, NFC). Total: stored names older than this rule still get a key (see identifierProblem
 * for what new names may hold). Idempotent: identifierKey(identifierKey(x)) === identifierKey(x).
 */
export function identifierKey(value: string): string {
  return identifierFragment(value).trim();
}

/**
 * A part of an identifier, as a `co`, `sw` or `ew` filter gives it: the key's mapping without the
 * trim, since a fragment's spaces may be the inner spaces of a name.
 */
export function identifierFragment(value: string): string {
  const visible = ASCII_PRINTABLE.test(value) ? value : value.replace(DEFAULT_IGNORABLE, '');
  // Width mapping first, so an ideographic space (U+3000) is trimmed like a space.
  return foldCase(visible);
}

/**
 * Why `value` cannot be a new userName, or undefined when it can. Refused rather than silently
 * mapped: characters that render as nothing or reorder text (zero-width, bidi overrides),
 * controls, white space other than the plain space (NBSP looks like a space and is not one),
 * private-use, unassigned and noncharacter code points, and lone UTF-16 surrogates. Surrounding
 * white space is allowed and ignored by the key, so `bob` and `bob ` are one name.
 */
export function identifierProblem(value: string): string | undefined {
  if (ASCII_PRINTABLE.test(value)) return undefined;
  if (hasLoneSurrogate(value)) return 'is not valid Unicode (it holds a lone UTF-16 surrogate)';
  const inner = value.trim();
  for (const { pattern, what } of REFUSED) {
    const found = pattern.exec(inner);
    if (found) return `contains ${what} (${codePoint(found[0])}), which people cannot see or tell apart`;
  }
  return undefined;
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

const REFUSED: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /\p{Cc}/u, what: 'a control character' },
  { pattern: /\p{Bidi_Control}/u, what: 'a bidirectional-text control' },
  { pattern: /\p{Default_Ignorable_Code_Point}/u, what: 'an invisible character' },
  // Everything the trim did not take is inner white space; only U+0020 (and the ideographic
  // space, which width mapping makes one) may stand between words.
  { pattern: /(?![ \u3000])[\p{White_Space}]/u, what: 'a white-space character other than the space' },
  { pattern: /\p{Co}/u, what: 'a private-use character' },
  { pattern: /\p{Cn}/u, what: 'an unassigned code point' },
];

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
