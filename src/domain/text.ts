/**
 * The case-insensitive form of a string (RFC 7643 §2.3.1 caseExact false): NFC so that composed and
 * decomposed accents compare equal, then lower case. One definition for every layer: stored key
 * fields such as `userNameKey` hold exactly this form, and filters compare against it.
 */
export function foldCase(value: string): string {
  return value.normalize('NFC').toLowerCase();
}
