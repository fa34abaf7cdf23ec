/**
 * Helpers for the elements of multi-valued attributes (emails, phoneNumbers, roles, …): equality
 * under the schema's caseExact, the element a value filter describes, and the RFC 7644 §3.5.2 rule
 * that a new primary value demotes the others. None of them mutates its arguments.
 */
import { RosterError } from '../../domain';
import type { Filter } from '../filter/ast';
import { foldCase } from '../filter/values';
import { coerceElement } from '../schema/coerce-value';
import type { SchemaAttribute } from '../schema/schema-attribute';
import { isRecord } from './user-draft';

export function asElements(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Whether `element` holds every sub-attribute value of `given` (caseExact per sub-attribute). */
export function containsValues(attribute: SchemaAttribute, element: unknown, given: unknown): boolean {
  if (!isRecord(element) || !isRecord(given)) return sameValue(attribute, element, given);
  return Object.keys(given).every((key) => sameValue(attribute.subAttribute(key), element[key], given[key]));
}

/** The same element: the same sub-attributes with equal values. */
export function sameElement(attribute: SchemaAttribute, a: unknown, b: unknown): boolean {
  if (!isRecord(a) || !isRecord(b)) return sameValue(attribute, a, b);
  return Object.keys(a).length === Object.keys(b).length && containsValues(attribute, a, b);
}

function sameValue(attribute: SchemaAttribute | undefined, a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && !(attribute?.caseExact ?? false)) {
    return foldCase(a) === foldCase(b);
  }
  return a === b;
}

/**
 * The element a value filter describes when it can be read as one: `type eq "work"` or
 * `type eq "work" and primary eq true` → `{type: "work", primary: true}`. No filter describes the
 * empty element. Any other operator, `or`, `not`, or two values for one sub-attribute describe no
 * single element: undefined.
 */
export function elementFromFilter(
  attribute: SchemaAttribute,
  filter: Filter | undefined,
  label: string,
): Record<string, unknown> | undefined {
  const element: Record<string, unknown> = {};
  const collect = (node: Filter): boolean => {
    if (node.kind === 'and') return collect(node.left) && collect(node.right);
    if (node.kind !== 'compare' || node.op !== 'eq' || node.value === null) return false;
    const sub = attribute.subAttribute(node.path.attr);
    if (sub === undefined) return false;
    const value = coerceElement(sub, node.value, `${label} (filter value of ${sub.name})`);
    if (Object.hasOwn(element, sub.name) && !sameValue(sub, element[sub.name], value)) return false;
    element[sub.name] = value;
    return true;
  };
  return filter === undefined || collect(filter) ? element : undefined;
}

/**
 * RFC 7644 §3.5.2: an operation that sets a value's primary to true "SHALL cause the server to
 * automatically set primary to false for any other values in the array".
 */
export function demoteOtherPrimaries(elements: readonly unknown[], written: ReadonlySet<unknown>): unknown[] {
  const promoted = [...written].some((element) => isRecord(element) && element.primary === true);
  if (!promoted) return [...elements];
  return elements.map((element) =>
    !written.has(element) && isRecord(element) && element.primary === true
      ? { ...element, primary: false }
      : element,
  );
}

export function noTarget(text: string): RosterError {
  return new RosterError(
    'no-target',
    `${JSON.stringify(text)} matches no value, and its filter does not describe one to create ` +
      '(only "eq" conditions joined by "and" do).',
  );
}
