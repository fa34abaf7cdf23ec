/**
 * add / replace / remove on a multi-valued attribute (RFC 7644 §3.5.2.1–3): the whole attribute
 * (`emails`), a sub-attribute of every element (`emails.value`), the elements a value filter selects
 * (`emails[type eq "work"]`) or a sub-attribute of those (`emails[type eq "work"].value`).
 *
 * Decisions where the RFC leaves room:
 * - A value filter that matches nothing is noTarget (RFC 7644 §3.5.2.3 and Table 9), except that an
 *   add or replace whose filter only says `sub eq value` (joined by `and`) creates that element.
 *   interop (Microsoft Entra ID): Entra sends `Add`/`Replace emails[type eq "work"].value` (also
 *   `phoneNumbers[type eq "mobile"].value`, `addresses[type eq "work"].formatted`) for a user
 *   who has no such element yet, expecting `{type: "work", value}` to be added.
 * - A remove whose filter matches nothing is noTarget too (Table 9 lists noTarget for PATCH
 *   generally); a remove of an attribute that has no value at all changes nothing.
 * - In an add or replace of the whole attribute a single value is read as a one-element list:
 *   RFC 7644 §3.5.2.1 speaks of "a new value" being added.
 */
import type { Filter } from '../filter/ast';
import { matchesValueFilter } from '../filter/match';
import { coerceAttributeValue, coerceElement } from '../schema/coerce-value';
import { userSchemas } from '../schema/registry';
import type { SchemaAttribute } from '../schema/schema-attribute';
import { RosterError, REQUEST_LIMITS } from '../../domain';
import {
  asElements,
  demoteOtherPrimaries,
  elementFromFilter,
  elementsContaining,
  noTarget,
  sameElementKey,
} from './elements';
import type { PatchTarget } from './patch-target';
import { isRecord, type UserDraft } from './user-draft';

type Op = 'add' | 'replace' | 'remove';

export function applyToMultiValued(draft: UserDraft, op: Op, target: PatchTarget, raw: unknown): void {
  const current = asElements(draft.get(target.attribute));
  const next =
    target.filter === undefined && target.subAttribute === undefined
      ? wholeAttribute(op, target, current, raw)
      : selectedElements(op, target, current, raw);
  // Checked after every operation, so no later operation of the request works on more.
  if (next.length > REQUEST_LIMITS.valuesPerAttribute) {
    throw new RosterError(
      'invalid-value',
      `${target.attribute.path} would have ${next.length} values; a user may have at most ` +
        `${REQUEST_LIMITS.valuesPerAttribute} (Roster's limit on values per multi-valued attribute).`,
    );
  }
  draft.set(target.attribute, next.length > 0 ? next : undefined);
}

function wholeAttribute(op: Op, target: PatchTarget, current: readonly unknown[], raw: unknown): unknown[] {
  const { attribute } = target;
  if (op === 'remove') {
    if (raw === undefined || raw === null) return [];
    // interop (Microsoft Entra ID): `Remove` with `"value": [{"value": "…"}]` removes those values
    // only, as Entra removes group members; the same reading serves emails, roles and the rest.
    const removed = elementsContaining(attribute, current, listValue(attribute, raw, target.text));
    return current.filter((element) => !removed.has(element));
  }
  const given = listValue(attribute, raw, target.text);
  if (op === 'replace') return given;
  // RFC 7644 §3.5.2.1: a value already present is not added again.
  const next = [...current];
  const present = new Set(current.map((element) => sameElementKey(attribute, element)));
  const added = new Set<unknown>();
  for (const value of given) {
    const key = sameElementKey(attribute, value);
    if (present.has(key)) continue;
    present.add(key);
    next.push(value);
    added.add(value);
  }
  return demoteOtherPrimaries(next, added);
}

function selectedElements(op: Op, target: PatchTarget, current: readonly unknown[], raw: unknown): unknown[] {
  const { attribute, subAttribute, filter } = target;
  const selected = current.map((element) => filter === undefined || matches(target, filter, element));
  const value = op === 'remove' ? undefined : coerceElement(subAttribute ?? attribute, raw, target.text);
  if (!selected.includes(true)) {
    if (value === undefined) {
      if (filter !== undefined) throw noTarget(target.text);
      return [...current];
    }
    const described = elementFromFilter(attribute, filter, target.text);
    if (described === undefined) throw noTarget(target.text);
    const created =
      subAttribute === undefined
        ? { ...described, ...asRecord(value) }
        : { ...described, [subAttribute.name]: value };
    return demoteOtherPrimaries([...current, created], new Set([created]));
  }
  const written = new Set<unknown>();
  const next: unknown[] = [];
  current.forEach((element, i) => {
    if (!selected[i]) {
      next.push(element);
      return;
    }
    const rewritten = rewrite(op, element, subAttribute, value);
    if (rewritten === undefined) return;
    written.add(rewritten);
    next.push(rewritten);
  });
  return demoteOtherPrimaries(next, written);
}

/** One selected element after the operation; undefined when it is removed or left empty. */
function rewrite(
  op: Op,
  element: unknown,
  subAttribute: SchemaAttribute | undefined,
  value: unknown,
): Record<string, unknown> | undefined {
  if (subAttribute === undefined) {
    // RFC 7644 §3.5.2.3: matching values are replaced; an add merges into them (§3.5.2.1).
    if (value === undefined) return undefined;
    return op === 'add' && isRecord(element) ? { ...element, ...asRecord(value) } : { ...asRecord(value) };
  }
  const copy: Record<string, unknown> = isRecord(element) ? { ...element } : {};
  if (value === undefined) {
    delete copy[subAttribute.name];
  } else {
    copy[subAttribute.name] = value;
  }
  return Object.keys(copy).length > 0 ? copy : undefined;
}

function matches(target: PatchTarget, filter: Filter, element: unknown): boolean {
  return matchesValueFilter(target.attrPath, filter, element, userSchemas);
}

function listValue(attribute: SchemaAttribute, raw: unknown, label: string): unknown[] {
  const list = raw === null || Array.isArray(raw) ? raw : [raw];
  return [...asElements(coerceAttributeValue(attribute, list, label))];
}

/** A coerced element of a complex attribute is always an object; this only narrows the type. */
function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
