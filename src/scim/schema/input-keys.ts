/**
 * Keys a client may never use as attribute names, wherever they appear in a body. `__proto__`,
 * `constructor` and `prototype` reach Object.prototype when used as keys (the scimmy filter
 * parser's pollution bug, docs/scimmy-notes.md §2); `$`-prefixed keys are MongoDB operators (`$where`,
 * `$set`), and `$ref` (RFC 7643 §2.4) is the only such name a SCIM schema defines.
 */
import { RosterError } from '../../domain';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function assertSafeKey(key: string, kind: 'invalid-syntax' | 'invalid-path'): void {
  const lower = key.toLowerCase();
  if (FORBIDDEN.has(lower)) {
    throw new RosterError(kind, `${quoteName(key)} is not allowed as an attribute name.`);
  }
  if (lower.startsWith('$') && lower !== '$ref') {
    throw new RosterError(
      kind,
      `${quoteName(key)} is not allowed as an attribute name: names starting with "$" are reserved ($ref aside).`,
    );
  }
}

/** A client-supplied name in a message, cut short (past any schema URN) so a hostile 10,000-character key stays readable. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name);
}
