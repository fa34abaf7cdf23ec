/**
 * A PATCH path (RFC 7644 §3.5.2, Figure 7) resolved against the User schemas: which attribute,
 * which sub-attribute, which elements. Everything that can be refused from the path alone is
 * refused here, before any value is touched: unknown names (invalidPath), value filters on a
 * single-valued attribute or naming unknown sub-attributes (invalidPath), and readOnly targets
 * (mutability, RFC 7644 §3.5.2: "a client MUST NOT modify an attribute that has mutability
 * readOnly").
 */
import { RosterError, REQUEST_LIMITS } from '../../domain';
import type { AttrPath, Filter } from '../filter/ast';
import { parsePatchPath } from '../filter/parse';
import { isDerivedRef } from '../schema/interop';
import { userSchemas } from '../schema/registry';
import type { SchemaAttribute } from '../schema/schema-attribute';
import { CORE_USER } from '../schema/urns';

export interface PatchTarget {
  /** The path as the client wrote it, for messages. */
  readonly text: string;
  /** The path as parsed; scopes the value filter for the matcher. */
  readonly attrPath: AttrPath;
  readonly attribute: SchemaAttribute;
  /** `name.givenName`, `manager.value`, `emails.value`, `emails[type eq "work"].value`. */
  readonly subAttribute?: SchemaAttribute;
  /** `emails[type eq "work"]`: selects elements of a multi-valued attribute. */
  readonly filter?: Filter;
}

export function resolveTarget(text: string, op: 'add' | 'replace' | 'remove'): PatchTarget {
  const parsed = parsePatchPath(text);
  const resolved = userSchemas.resolve(parsed.path);
  if (resolved === undefined) {
    throw new RosterError('invalid-path', `${JSON.stringify(text)} names no attribute of the User resource.`);
  }
  const { attribute } = resolved;
  let subAttribute = resolved.subAttribute;
  if (parsed.subAttr !== undefined) {
    subAttribute = attribute.subAttribute(parsed.subAttr);
    if (subAttribute === undefined) {
      throw new RosterError(
        'invalid-path',
        `${JSON.stringify(parsed.subAttr)} is not a sub-attribute of ${label(attribute)}.`,
      );
    }
  }
  if (parsed.valueFilter !== undefined) {
    if (!attribute.multiValued) {
      throw new RosterError(
        'invalid-path',
        `${label(attribute)} is single-valued: "[...]" selects elements of multi-valued attributes only.`,
      );
    }
    assertFilterNames(parsed.valueFilter, attribute);
    assertFewConditions(parsed.valueFilter, text);
  }
  const target = subAttribute ?? attribute;
  if (attribute.mutability === 'readOnly' || target.mutability === 'readOnly') {
    throw new RosterError(
      'read-only',
      `${label(attribute, subAttribute)} is readOnly: Roster sets it, a client cannot ${op} it.`,
    );
  }
  if (subAttribute !== undefined && isDerivedRef(attribute, subAttribute)) {
    const manager = label(attribute);
    throw new RosterError(
      'invalid-value',
      `${label(attribute, subAttribute)} follows ${manager}.value (Roster answers the URI of the user value names): ` +
        `to change the manager add or replace ${manager}.value, to clear it remove ${manager}.`,
    );
  }
  // `active` unassigned would mean neither active nor deactivated; answering 200 and changing
  // nothing would let the IdP believe the user was deactivated.
  if (op === 'remove' && attribute.schema === CORE_USER && attribute.name === 'active') {
    throw new RosterError(
      'invalid-value',
      'active cannot be removed: a user is either active or deactivated. To deactivate the user, ' +
        'send {"op": "replace", "path": "active", "value": false}.',
    );
  }
  // RFC 7644 §3.5.2.2: removing a required attribute is a mutability error.
  if (op === 'remove' && target.required && parsed.valueFilter === undefined) {
    throw new RosterError(
      'read-only',
      `${label(attribute, subAttribute)} is required and cannot be removed; replace it instead.`,
    );
  }
  return { text, attrPath: parsed.path, attribute, subAttribute, filter: parsed.valueFilter };
}

/** An attribute as an admin recognises it: extension attributes keep their URN. */
export function label(attribute: SchemaAttribute, subAttribute?: SchemaAttribute): string {
  const name = subAttribute === undefined ? attribute.path : subAttribute.path;
  return attribute.schema === CORE_USER ? name : `${attribute.schema}:${name}`;
}

/**
 * The value filter runs against every element of the attribute, once per operation: its size is
 * one factor of the work a PATCH costs (with the operations and the values per attribute).
 */
function assertFewConditions(filter: Filter, text: string): void {
  const count = conditions(filter);
  if (count > REQUEST_LIMITS.patchFilterConditions) {
    throw new RosterError(
      'invalid-path',
      `${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)} has ${count} conditions in its ` +
        `value filter; a PATCH path may have at most ${REQUEST_LIMITS.patchFilterConditions}.`,
    );
  }
}

function conditions(filter: Filter): number {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return conditions(filter.left) + conditions(filter.right);
    case 'not':
      return conditions(filter.filter);
    default:
      return 1;
  }
}

/** Names inside `[...]` are sub-attributes of the bracketed attribute (the parser checked the form). */
function assertFilterNames(filter: Filter, attribute: SchemaAttribute): void {
  switch (filter.kind) {
    case 'and':
    case 'or':
      assertFilterNames(filter.left, attribute);
      assertFilterNames(filter.right, attribute);
      return;
    case 'not':
      assertFilterNames(filter.filter, attribute);
      return;
    case 'compare':
    case 'present':
    case 'valuePath':
      if (attribute.subAttribute(filter.path.attr) === undefined) {
        throw new RosterError(
          'invalid-path',
          `${JSON.stringify(filter.path.attr)} in the filter is not a sub-attribute of ${label(attribute)}.`,
        );
      }
  }
}
