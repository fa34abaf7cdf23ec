/**
 * Translates a filter (RFC 7644 §3.4.2.2) into a MongoDB query over stored documents, one function
 * per node kind. Safety rests on three rules:
 *  - keys come only from the FieldMap allowlist and from the operators below, never from the request;
 *  - values sit inside an operator (`{$eq: v}`), so even a value shaped like an operator is data;
 *  - `co`/`sw`/`ew` escape every regular-expression metacharacter.
 * Only operators FerretDB 1.24 implements are produced (docs/store.md): $and $or $nor $eq $gt
 * $gte $lt $lte $regex $options $exists $nin $elemMatch. No $where, $expr or collation.
 */
import { RosterError, identifierFragment, identifierKey } from '../../domain';
import type { AttrPath, CompareOp, Filter, FilterValue } from './ast';
import { describePath, resolveField, type FieldMap, type FieldSpec } from './field-map';
import { booleanFrom, parseDateTime } from './values';

export { defineFieldMap, type FieldMap, type FieldSpec, type FieldType } from './field-map';
export { userFieldMap } from './user-fields';

export type MongoQuery = Record<string, unknown>;

export function toMongoQuery(filter: Filter, fields: FieldMap): MongoQuery {
  return translate(filter, { fields });
}

interface Context {
  fields: FieldMap;
  /** Inside `attr[...]`: the attribute, and the array field its elements are stored in once known. */
  element?: { attribute: AttrPath; arrayField?: string };
}

function translate(filter: Filter, context: Context): MongoQuery {
  switch (filter.kind) {
    case 'compare':
      return translateCompare(filter.path, filter.op, filter.value, context);
    case 'present':
      return translatePresent(filter.path, context);
    case 'and':
      return translateAnd(filter, context);
    case 'or':
      return translateOr(filter, context);
    case 'not':
      return translateNot(filter.filter, context);
    case 'valuePath':
      return translateValuePath(filter.path, filter.filter, context);
  }
}

function translateAnd(filter: Filter, context: Context): MongoQuery {
  return { $and: flatten(filter, 'and', []).map((operand) => translate(operand, context)) };
}

function translateOr(filter: Filter, context: Context): MongoQuery {
  return { $or: flatten(filter, 'or', []).map((operand) => translate(operand, context)) };
}

/** `not (a and b)` is `$nor: [{$and: [a, b]}]`: the group is negated whole, never distributed. */
function translateNot(inner: Filter, context: Context): MongoQuery {
  return { $nor: [translate(inner, context)] };
}

/** `a and (b and c)` → one `$and` of three: the tree's shape carries no meaning within one kind. */
function flatten(filter: Filter, kind: 'and' | 'or', operands: Filter[]): Filter[] {
  if (filter.kind === kind) {
    flatten(filter.left, kind, operands);
    flatten(filter.right, kind, operands);
  } else {
    operands.push(filter);
  }
  return operands;
}

/** RFC 7644 §3.4.2.2 `pr`: the attribute has a non-empty value. */
function translatePresent(path: AttrPath, context: Context): MongoQuery {
  return presence(fieldFor(path, context));
}

function presence(spec: FieldSpec): MongoQuery {
  return { [spec.field]: { $exists: true, $nin: [null, '', []] } };
}

function translateCompare(path: AttrPath, op: CompareOp, value: FilterValue, context: Context): MongoQuery {
  const spec = fieldFor(path, context);
  // `eq null`: the attribute has no value; `ne null`: it has one (the same answers as match.ts).
  if (value === null) {
    if (op === 'eq') return { $nor: [presence(spec)] };
    if (op === 'ne') return presence(spec);
    throw invalid(`"${op}" cannot compare with null; use "pr" or "eq null".`);
  }
  // `ne` is true where the attribute is absent (RFC 7644 §3.4.2.2); `$nor` of `eq` is exactly that,
  // for every type, for arrays (no element equal) and for the regex forms of case-insensitive eq.
  if (op === 'ne') return { $nor: [translateCompare(path, 'eq', value, context)] };
  switch (spec.type) {
    case 'boolean':
      return compareBoolean(spec, op, value, path);
    case 'integer':
    case 'decimal':
      return compareNumber(spec, op, value, path);
    case 'dateTime':
      return compareDateTime(spec, op, value, path);
    case 'string':
    case 'reference':
      return compareText(spec, op, value, path);
  }
}

function compareBoolean(
  spec: FieldSpec,
  op: CompareOp,
  value: string | number | boolean,
  path: AttrPath,
): MongoQuery {
  // RFC 7644 §3.4.2.2: gt/ge/lt/le on a boolean is an error; co/sw/ew compare strings.
  if (op !== 'eq') throw invalid(`"${op}" cannot be used on the boolean attribute "${describePath(path)}".`);
  const flag = booleanFrom(value);
  if (flag === undefined) {
    throw invalid(
      `Attribute "${describePath(path)}" is boolean; compare it with true or false, not ${show(value)}.`,
    );
  }
  return { [spec.field]: { $eq: flag } };
}

function compareNumber(
  spec: FieldSpec,
  op: CompareOp,
  value: string | number | boolean,
  path: AttrPath,
): MongoQuery {
  const operator = ordering(op, path);
  if (typeof value !== 'number') {
    throw invalid(
      `Attribute "${describePath(path)}" is a number; compare it with a number, not ${show(value)}.`,
    );
  }
  return { [spec.field]: { [operator]: value } };
}

/** dateTime compares chronologically (RFC 7644 §3.4.2.2), so the literal becomes a Date. */
function compareDateTime(
  spec: FieldSpec,
  op: CompareOp,
  value: string | number | boolean,
  path: AttrPath,
): MongoQuery {
  const operator = ordering(op, path);
  const instant = typeof value === 'string' ? parseDateTime(value) : undefined;
  if (!instant) {
    throw invalid(
      `Attribute "${describePath(path)}" is a dateTime; compare it with a quoted date such as ` +
        `"2024-05-01T00:00:00Z", not ${show(value)}.`,
    );
  }
  return { [spec.field]: { [operator]: instant } };
}

function compareText(
  spec: FieldSpec,
  op: CompareOp,
  value: string | number | boolean,
  path: AttrPath,
): MongoQuery {
  if (typeof value !== 'string') {
    throw invalid(
      `Attribute "${describePath(path)}" is a string; put the value ${show(value)} in double quotes.`,
    );
  }
  if (op === 'eq' || op === 'co' || op === 'sw' || op === 'ew') {
    if (spec.caseExact)
      return op === 'eq'
        ? { [spec.field]: { $eq: value } }
        : { [spec.field]: { $regex: pattern(op, value) } };
    // A key field holds identifierKey(value): a whole literal is keyed alike, a part as a fragment.
    if (spec.keyField) {
      return op === 'eq'
        ? { [spec.keyField]: { $eq: identifierKey(value) } }
        : { [spec.keyField]: { $regex: pattern(op, identifierFragment(value)) } };
    }
    return { [spec.field]: { $regex: pattern(op, value), $options: 'i' } };
  }
  // Ordering ignoring case needs a folded copy: without one it would take a collation FerretDB lacks.
  if (spec.caseExact) return { [spec.field]: { [ordering(op, path)]: value } };
  if (spec.keyField) return { [spec.keyField]: { [ordering(op, path)]: identifierKey(value) } };
  throw invalid(`"${op}" is not supported on "${describePath(path)}", which compares ignoring case.`);
}

const ORDERING: Readonly<Record<string, string>> = {
  eq: '$eq',
  gt: '$gt',
  ge: '$gte',
  lt: '$lt',
  le: '$lte',
};

function ordering(op: CompareOp, path: AttrPath): string {
  const operator = Object.hasOwn(ORDERING, op) ? ORDERING[op] : undefined;
  if (operator === undefined)
    throw invalid(`"${op}" compares strings and cannot be used on "${describePath(path)}".`);
  return operator;
}

/** Anchors per operator around the escaped literal; co is unanchored. */
function pattern(op: 'eq' | 'co' | 'sw' | 'ew', value: string): string {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `${op === 'eq' || op === 'sw' ? '^' : ''}${escaped}${op === 'eq' || op === 'ew' ? '$' : ''}`;
}

/**
 * `emails[type eq "work" and value co "@x.com"]` → `{emails: {$elemMatch: {...}}}`, so that every
 * condition holds on ONE element (RFC 7644 §3.4.2.2 valuePath), with fields relative to it.
 */
function translateValuePath(attribute: AttrPath, inner: Filter, context: Context): MongoQuery {
  if (context.element) throw invalid('Value filters "[...]" cannot be nested.');
  const element: NonNullable<Context['element']> = { attribute };
  const query = translate(inner, { fields: context.fields, element });
  if (element.arrayField === undefined)
    throw invalid(`"${describePath(attribute)}[...]" names no attribute.`);
  return { [element.arrayField]: { $elemMatch: query } };
}

/** The stored field for a path; inside `[...]`, relative to the element being matched. */
function fieldFor(path: AttrPath, context: Context): FieldSpec {
  const element = context.element;
  if (!element) return resolveField(context.fields, path);
  const { attribute } = element;
  if (path.schema !== undefined || path.subAttr !== undefined) {
    throw invalid(
      `Inside "${attribute.attr}[...]" name a sub-attribute of ${attribute.attr} alone, such as type or value.`,
    );
  }
  const spec = resolveField(context.fields, { ...attribute, subAttr: path.attr });
  const dot = spec.field.lastIndexOf('.');
  if (!spec.multiValued || dot === -1) {
    throw invalid(
      `"${describePath(attribute)}" is not multi-valued; write ${attribute.attr}.${path.attr} instead of a "[...]" filter.`,
    );
  }
  const arrayField = spec.field.slice(0, dot);
  if (element.arrayField !== undefined && element.arrayField !== arrayField) {
    throw new Error(`FieldMap stores sub-attributes of ${attribute.attr} in different arrays`);
  }
  element.arrayField = arrayField;
  const prefix = `${arrayField}.`;
  const keyField = spec.keyField?.startsWith(prefix) ? spec.keyField.slice(prefix.length) : undefined;
  return { ...spec, field: spec.field.slice(dot + 1), keyField };
}

function invalid(detail: string): RosterError {
  return new RosterError('invalid-filter', detail);
}

function show(value: string | number | boolean): string {
  return JSON.stringify(value);
}
