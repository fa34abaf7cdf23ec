/**
 * Evaluates a filter against a SCIM resource in memory (RFC 7644 §3.4.2.2): PATCH uses it to pick
 * the elements a value path such as `emails[type eq "work"]` or `members[value eq "id"]` selects.
 *
 * Attribute names are looked up case-insensitively among the resource's OWN keys only, so a name
 * never reaches Object.prototype. A multi-valued attribute matches when any element does. `ne` is
 * the negation of `eq`, so it is true when the attribute is absent (the same answer to-mongo.ts
 * gets from `$nor`). `eq null` is true when the attribute has no value, `ne null` when it has one.
 */
import { RosterError, identifierFragment, identifierKey } from '../../domain';
import type { AttrPath, CompareOp, Filter } from './ast';
import { booleanFrom, foldCase, parseDateTime } from './values';

export interface AttributeCasing {
  /** RFC 7643 §2.3.1: whether string values of the attribute at `path` compare case-sensitively. */
  caseExact(path: AttrPath): boolean;
  /** Whether the attribute is an identifier compared by its key (src/domain/identifiers.ts). */
  identifier?(path: AttrPath): boolean;
}

/**
 * Without a schema, strings compare case-insensitively (the RFC 7643 default) except identifiers
 * and references (any `$ref`), which Roster treats as case-exact whatever RFC 7643 §8.7 says of
 * `members.value` and `manager.value`: they hold ids, and ids are compared exactly everywhere else.
 * `members` alone stands for `members.value` in a comparison, so it is listed too.
 */
const CASE_EXACT_BY_DEFAULT: ReadonlySet<string> = new Set([
  'id',
  'externalid',
  'meta.version',
  'meta.location',
  'members',
  'members.value',
  'groups',
  'groups.value',
  'manager',
  'manager.value',
]);

export const defaultCasing: AttributeCasing = {
  caseExact(path) {
    const sub = path.subAttr?.toLowerCase();
    if (sub === '$ref') return true;
    return CASE_EXACT_BY_DEFAULT.has(
      sub === undefined ? path.attr.toLowerCase() : `${path.attr.toLowerCase()}.${sub}`,
    );
  },
  // The stored userNameKey is identifierKey(userName): the store and this matcher must agree.
  identifier: (path) => path.subAttr === undefined && path.attr.toLowerCase() === 'username',
};

export function matchesFilter(
  filter: Filter,
  resource: Record<string, unknown>,
  schema: AttributeCasing = defaultCasing,
): boolean {
  return evaluate(filter, resource, { schema });
}

/**
 * Whether one element of the multi-valued `attribute` satisfies a value filter (the part between
 * `[` and `]`), with names in `filter` relative to the element. A simple value such as a string is
 * seen as `{ value: element }` (RFC 7644 §3.5.2: "value" names a simple multi-valued element).
 */
export function matchesValueFilter(
  attribute: AttrPath,
  filter: Filter,
  element: unknown,
  schema: AttributeCasing = defaultCasing,
): boolean {
  const target = isRecord(element) ? element : { value: element };
  return evaluate(filter, target, { schema, scope: attribute });
}

interface Context {
  schema: AttributeCasing;
  /** Set inside a value path: names are sub-attributes of this attribute. */
  scope?: AttrPath;
}

function evaluate(filter: Filter, target: Record<string, unknown>, context: Context): boolean {
  switch (filter.kind) {
    case 'compare':
      return matchCompare(filter, filter.op, target, context);
    case 'present':
      return valuesAt(target, filter.path, context, false).some(isPresent);
    case 'and':
      return evaluate(filter.left, target, context) && evaluate(filter.right, target, context);
    case 'or':
      return evaluate(filter.left, target, context) || evaluate(filter.right, target, context);
    case 'not':
      return !evaluate(filter.filter, target, context);
    case 'valuePath':
      return matchValuePath(filter.path, filter.filter, target, context);
  }
}

function matchValuePath(
  path: AttrPath,
  inner: Filter,
  target: Record<string, unknown>,
  context: Context,
): boolean {
  if (context.scope) throw new RosterError('invalid-filter', 'Value filters "[...]" cannot be nested.');
  const elements = asList(attributeOf(target, path));
  return elements.some((element) => matchesValueFilter(path, inner, element, context.schema));
}

function matchCompare(
  node: Extract<Filter, { kind: 'compare' }>,
  op: CompareOp,
  target: Record<string, unknown>,
  context: Context,
): boolean {
  if (op === 'ne') return !matchCompare(node, 'eq', target, context);
  const { path, value: expected } = node;
  const values = valuesAt(target, path, context, true).filter(isPresent);
  if (expected === null) return op === 'eq' && values.length === 0;
  const caseExact = caseExactAt(node, context);
  if (!caseExact && typeof expected === 'string' && !context.scope && context.schema.identifier?.(path)) {
    return matchIdentifier(values, op, node, expected);
  }
  const literal =
    caseExact || typeof expected !== 'string' ? expected : foldedLiteral(node, expected, foldCase);
  return values.some((actual) => compareValue(actual, op, literal, caseExact, path));
}

/** A node's casing, resolved once: the same node is evaluated against every element. */
const CASE_EXACT = new WeakMap<Filter, boolean>();

function caseExactAt(node: Extract<Filter, { kind: 'compare' }>, context: Context): boolean {
  let caseExact = CASE_EXACT.get(node);
  if (caseExact === undefined) {
    const { path } = node;
    caseExact = context.schema.caseExact(context.scope ? { ...context.scope, subAttr: path.attr } : path);
    CASE_EXACT.set(node, caseExact);
  }
  return caseExact;
}

/** userName as the store compares it: keys for eq and ordering, key fragments for co/sw/ew. */
function matchIdentifier(
  values: readonly unknown[],
  op: Exclude<CompareOp, 'ne'>,
  node: Filter,
  expected: string,
): boolean {
  const partial = op === 'co' || op === 'sw' || op === 'ew';
  const literal = foldedLiteral(node, expected, partial ? identifierFragment : identifierKey);
  return values.some((actual) => {
    if (typeof actual !== 'string') return false;
    const key = identifierKey(actual);
    if (op === 'co') return key.includes(literal);
    if (op === 'sw') return key.startsWith(literal);
    if (op === 'ew') return key.endsWith(literal);
    return ordered(key, literal, op);
  });
}

/**
 * A filter's string literal folded once, however many values it is compared with: a PATCH value
 * path runs its filter against every element, once per operation.
 */
const FOLDED_LITERALS = new WeakMap<Filter, string>();

function foldedLiteral(node: Filter, literal: string, fold: (value: string) => string): string {
  let folded = FOLDED_LITERALS.get(node);
  if (folded === undefined) {
    folded = fold(literal);
    FOLDED_LITERALS.set(node, folded);
  }
  return folded;
}

type Ordering = 'eq' | 'gt' | 'ge' | 'lt' | 'le';

/**
 * One attribute value against one literal; a value of another type than the literal never matches.
 * Unless caseExact, a string `expected` is already folded (foldedLiteral).
 */
function compareValue(
  actual: unknown,
  op: Exclude<CompareOp, 'ne'>,
  expected: string | number | boolean,
  caseExact: boolean,
  path: AttrPath,
): boolean {
  if (op === 'co' || op === 'sw' || op === 'ew') {
    if (typeof actual !== 'string' || typeof expected !== 'string') return false;
    const a = caseExact ? actual : foldCase(actual);
    return op === 'co' ? a.includes(expected) : op === 'sw' ? a.startsWith(expected) : a.endsWith(expected);
  }
  if (typeof actual === 'boolean') {
    // RFC 7644 §3.4.2.2: gt/ge/lt/le on a boolean attribute is an invalidFilter error.
    if (op !== 'eq') {
      throw new RosterError(
        'invalid-filter',
        `"${op}" cannot be used on the boolean attribute ${describe(path)}.`,
      );
    }
    return booleanFrom(expected) === actual;
  }
  if (typeof actual === 'number') return typeof expected === 'number' && ordered(actual, expected, op);
  if (typeof expected !== 'string') return false;
  const actualDate =
    actual instanceof Date ? actual : typeof actual === 'string' ? parseDateTime(actual) : undefined;
  const expectedDate = parseDateTime(expected);
  // dateTime attributes compare chronologically (RFC 7644 §3.4.2.2), whatever their notation.
  if (actualDate && expectedDate) return ordered(actualDate.getTime(), expectedDate.getTime(), op);
  if (typeof actual !== 'string') return false;
  return caseExact ? ordered(actual, expected, op) : ordered(foldCase(actual), expected, op);
}

function ordered<T extends number | string>(a: T, b: T, op: Ordering): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
  }
}

/**
 * The values a path names, flattened over multi-valued attributes. In a comparison a complex value
 * named without a sub-attribute stands for its `value`: `emails eq "x"` means `emails.value eq "x"`.
 */
function valuesAt(
  target: Record<string, unknown>,
  path: AttrPath,
  context: Context,
  compared: boolean,
): unknown[] {
  const top = asList(attributeOf(target, path));
  if (path.subAttr === undefined) {
    if (!compared || context.scope) return top;
    return top.map((item) => (isRecord(item) ? ownValue(item, 'value') : item));
  }
  const sub = path.subAttr;
  return top.flatMap((item) => (isRecord(item) ? asList(ownValue(item, sub)) : []));
}

/** An extension attribute lives under its schema URN; a core one at the top (RFC 7643 §3.3). */
function attributeOf(target: Record<string, unknown>, path: AttrPath): unknown {
  if (path.schema === undefined || /^urn:ietf:params:scim:schemas:core:/i.test(path.schema)) {
    return ownValue(target, path.attr);
  }
  const extension = ownValue(target, path.schema);
  return isRecord(extension) ? ownValue(extension, path.attr) : undefined;
}

/** Case-insensitive lookup among own enumerable keys (RFC 7643 §2.1). */
function ownValue(record: Record<string, unknown>, name: string): unknown {
  // Coerced values hold names in schema case, which is how filters usually spell them.
  if (Object.hasOwn(record, name)) return record[name];
  const wanted = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : record[key];
}

/** RFC 7644 §3.4.2.2 `pr`: a non-empty value, or a complex value with a non-empty node. */
function isPresent(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.some(isPresent);
  if (isRecord(value)) return Object.values(value).some(isPresent);
  return true;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function describe(path: AttrPath): string {
  return path.subAttr === undefined ? path.attr : `${path.attr}.${path.subAttr}`;
}
