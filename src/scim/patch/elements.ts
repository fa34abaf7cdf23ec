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

/**
 * A comparison key for a value under the schema's caseExact: equal keys, equal values. Each value
 * is folded once when its key is made, so comparing n elements with m values costs n + m folds and
 * set lookups, not n × m comparisons (a PATCH of many `add emails` was quadratic).
 */
function valueKey(attribute: SchemaAttribute | undefined, value: unknown): string {
  if (typeof value === 'string') {
    return attribute?.caseExact === true ? `s${value}` : `f${foldCase(value)}`;
  }
  return `j${JSON.stringify(value)}`;
}

/** Key of an element over the sub-attributes `names` (sorted), or of a simple value. */
function elementKey(attribute: SchemaAttribute, element: unknown, names?: readonly string[]): string {
  if (!isRecord(element)) return valueKey(attribute, element);
  const keys = names ?? Object.keys(element).sort();
  return JSON.stringify(
    keys.map((name) =>
      Object.hasOwn(element, name) ? [name, valueKey(attribute.subAttribute(name), element[name])] : [name],
    ),
  );
}

/**
 * The elements of `current` that hold every sub-attribute value of some element of `given`
 * (caseExact per sub-attribute): what a remove with a value list takes out.
 */
export function elementsContaining(
  attribute: SchemaAttribute,
  current: readonly unknown[],
  given: readonly unknown[],
): Set<unknown> {
  // Givens grouped by the sub-attributes they name; each group is one set of projected keys.
  const byNames = new Map<string, { names?: string[]; keys: Set<string> }>();
  for (const value of given) {
    const names = isRecord(value) ? Object.keys(value).sort() : undefined;
    const signature = names === undefined ? '' : JSON.stringify(names);
    const group = byNames.get(signature) ?? { names, keys: new Set<string>() };
    group.keys.add(elementKey(attribute, value, names));
    byNames.set(signature, group);
  }
  const found = new Set<unknown>();
  for (const element of current) {
    for (const { names, keys } of byNames.values()) {
      if (names !== undefined && !isRecord(element)) continue;
      if (names === undefined && isRecord(element)) continue;
      if (keys.has(elementKey(attribute, element, names))) {
        found.add(element);
        break;
      }
    }
  }
  return found;
}

/** Keys telling elements apart: the same key is the same sub-attributes with equal values. */
export function sameElementKey(attribute: SchemaAttribute, element: unknown): string {
  return elementKey(attribute, element);
}

function sameValue(attribute: SchemaAttribute | undefined, a: unknown, b: unknown): boolean {
  return valueKey(attribute, a) === valueKey(attribute, b);
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
