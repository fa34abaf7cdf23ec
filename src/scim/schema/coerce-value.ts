/**
 * One attribute value checked against its definition (RFC 7643 §2.3 data types) and brought to
 * canonical form: sub-attribute names in schema case, client quirks absorbed (interop.ts),
 * readOnly sub-attributes dropped. Shared by POST/PUT (coerce.ts) and PATCH values, so PATCH can
 * never store what PUT could not.
 *
 * `undefined` means unassigned (RFC 7643 §2.5): null, an empty array, an empty complex value.
 * Recursion follows the schema, never the input: values are at most attribute → element →
 * sub-attribute deep (RFC 7643 §2.3.8), so input nesting beyond that is a type error, not a walk.
 */
import {
  RosterError,
  identifierProblem,
  exceedsLength,
  REQUEST_LIMITS,
  STRING_LIMITS,
  type StringKind,
} from '../../domain';
import { parseDateTime } from '../filter/values';
import { assertSafeKey, quoteName } from './input-keys';
import {
  bareStringAsComplex,
  clientBoolean,
  isDerivedRef,
  isEmptyReference,
  oneElementArrayAsValue,
} from './interop';
import type { SchemaAttribute } from './schema-attribute';

/** A whole attribute value: an array for a multi-valued attribute, one value otherwise. */
export function coerceAttributeValue(attribute: SchemaAttribute, raw: unknown, label: string): unknown {
  if (!attribute.multiValued || raw === null) return coerceElement(attribute, raw, label);
  if (!Array.isArray(raw)) {
    throw new RosterError(
      'invalid-value',
      `${label} is multi-valued: send an array, found ${jsonType(raw)}.`,
    );
  }
  if (raw.length > REQUEST_LIMITS.valuesPerAttribute) {
    throw new RosterError(
      'invalid-value',
      `${label} has ${raw.length} values; a user may have at most ${REQUEST_LIMITS.valuesPerAttribute} ` +
        `${attribute.path} (Roster's limit on values per multi-valued attribute).`,
    );
  }
  const values: unknown[] = [];
  raw.forEach((item, i) => {
    const value = coerceElement(attribute, item, `${label}[${i}]`);
    if (value !== undefined) values.push(value);
  });
  assertOnePrimary(values, label);
  return values.length > 0 ? values : undefined;
}

/** One value of the attribute's type: the value of a single-valued attribute or one element. */
export function coerceElement(attribute: SchemaAttribute, raw: unknown, label: string): unknown {
  if (Array.isArray(raw)) raw = oneElementArrayAsValue(attribute, raw, label);
  if (raw === null) return undefined;
  switch (attribute.type) {
    case 'complex':
      return coerceComplex(attribute, raw, label);
    case 'boolean': {
      const value = clientBoolean(raw);
      if (value === undefined) throw typeError(label, 'true or false', raw);
      return value;
    }
    case 'integer':
      if (typeof raw !== 'number' || !Number.isInteger(raw)) throw typeError(label, 'an integer', raw);
      return raw;
    case 'decimal':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw typeError(label, 'a number', raw);
      return raw;
    case 'dateTime':
      // Kept as sent; RFC 7643 §2.3.5 asks for xsd:dateTime, e.g. 2008-01-23T04:56:22Z.
      if (typeof raw !== 'string' || parseDateTime(raw) === undefined)
        throw typeError(label, 'a dateTime', raw);
      return raw;
    case 'binary':
      // RFC 7643 §2.3.6: base64 (RFC 4648 §4); line breaks tolerated as PEM bodies carry them.
      if (typeof raw !== 'string') throw typeError(label, 'base64 text', raw);
      assertLength(attribute, raw, label);
      if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(raw)) throw typeError(label, 'base64 text', raw);
      return raw;
    case 'string':
    case 'reference':
      // Kept exactly as sent (no trimming): what the IdP holds is what a later filter must find.
      if (typeof raw !== 'string') throw typeError(label, 'a string', raw);
      assertLength(attribute, raw, label);
      if (attribute.path === 'userName') assertIdentifier(raw, label);
      return raw;
  }
}

function coerceComplex(
  attribute: SchemaAttribute,
  raw: unknown,
  label: string,
): Record<string, unknown> | undefined {
  const given = typeof raw === 'string' ? (bareStringAsComplex(attribute, raw) ?? raw) : raw;
  if (!isPlainObject(given)) {
    const names = attribute.subAttributes.map((s) => s.name).join(', ');
    throw new RosterError(
      'invalid-value',
      `${label} is complex: send an object with sub-attributes (${names}), found ${jsonType(raw)}.`,
    );
  }
  const value: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const key of Object.keys(given)) {
    assertSafeKey(key, 'invalid-syntax');
    const sub = attribute.subAttribute(key);
    if (sub === undefined) {
      throw new RosterError(
        'invalid-syntax',
        `${label}: ${quoteName(key)} is not a sub-attribute of ${attribute.path}.`,
      );
    }
    if (seen.has(sub.name)) {
      throw new RosterError(
        'invalid-syntax',
        `${label}.${sub.name} is given twice (names are case-insensitive).`,
      );
    }
    seen.add(sub.name);
    // RFC 7644 §3.5.1: readOnly values in a request "SHALL be ignored" (manager.displayName).
    if (sub.mutability === 'readOnly') continue;
    // manager.$ref is writable (RFC 7643 §4.3) but follows value: Roster answers the URI of the
    // user value names, so the $ref sent is not kept (a stale one could contradict value).
    if (isDerivedRef(attribute, sub)) continue;
    const subValue = coerceElement(sub, given[key], `${label}.${sub.name}`);
    if (subValue !== undefined) value[sub.name] = subValue;
  }
  const ref = given.$ref;
  if (
    typeof ref === 'string' &&
    ref !== '' &&
    !value.value &&
    isDerivedRef(attribute, attribute.subAttribute('$ref'))
  ) {
    // A $ref alone would read as "no manager" (no value) and clear it: say what names one instead.
    throw new RosterError(
      'invalid-value',
      `${label}.$ref is given without ${label}.value: send value, the id of the user it names.`,
    );
  }
  if (Object.keys(value).length === 0 || isEmptyReference(attribute, value)) return undefined;
  return value;
}

/** Which of STRING_LIMITS holds a value of this attribute. */
export function stringKindOf(attribute: SchemaAttribute): StringKind {
  if (attribute.type === 'binary') return 'binary';
  if (attribute.type === 'reference') return 'reference';
  if (attribute.uniqueness !== 'none' || attribute.path === 'externalId') return 'identifier';
  if (attribute.path === 'emails.value') return 'email';
  return 'text';
}

const STRING_KIND_NAMES: Readonly<Record<StringKind, string>> = {
  identifier: 'userName, externalId and group names',
  email: 'email addresses',
  text: 'text attributes',
  reference: 'URLs',
  binary: 'base64 values',
};

function assertLength(attribute: SchemaAttribute, raw: string, label: string): void {
  const kind = stringKindOf(attribute);
  if (exceedsLength(raw, STRING_LIMITS[kind])) {
    throw new RosterError(
      'invalid-value',
      `${label} is longer than ${STRING_LIMITS[kind]} characters, Roster's limit for ${STRING_KIND_NAMES[kind]}.`,
    );
  }
}

/** docs/identifiers.md: what a new userName may not hold, so that people can tell names apart. */
function assertIdentifier(raw: string, label: string): void {
  const problem = identifierProblem(raw);
  if (problem !== undefined) {
    throw new RosterError('invalid-value', `${label} ${problem}; remove it and send the name again.`);
  }
}

/** RFC 7643 §2.4: the primary attribute value "true" MUST appear no more than once. */
function assertOnePrimary(values: readonly unknown[], label: string): void {
  const primaries = values.filter((v) => isPlainObject(v) && v.primary === true).length;
  if (primaries > 1) {
    throw new RosterError(
      'invalid-value',
      `${label}: ${primaries} values have primary true; at most one may.`,
    );
  }
}

function typeError(label: string, expected: string, raw: unknown): RosterError {
  return new RosterError('invalid-value', `${label} must be ${expected}, found ${jsonType(raw)}.`);
}

function jsonType(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  if (typeof raw === 'object') return 'an object';
  if (typeof raw === 'string') return raw === '' ? 'an empty string' : 'a string';
  if (typeof raw === 'boolean') return `${raw}`;
  return `a ${typeof raw}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
