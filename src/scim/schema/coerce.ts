/**
 * A SCIM User from a POST or PUT body (RFC 7644 §3.3, §3.5.1), validated against the User
 * schemas and normalised to ScimUserInput. PATCH runs its result through here too (patch/).
 *
 * Decisions where the RFCs leave room:
 * - `schemas` is required and must list the core User URN (RFC 7643 §3: REQUIRED). Okta and Entra
 *   always send it, so tolerating its absence would only serve hand-made requests, at the price of
 *   taking a body meant for another resource type for a User. URNs Roster does not know in the list
 *   are ignored (no data is lost by that); the output lists the schemas that carry data.
 * - Unknown attributes are refused (400 invalidSyntax naming them). RFC 7644 lets a server ignore
 *   them, but silently dropping what an admin mapped surprises the admin.
 * - readOnly attributes (id, meta, groups, primaryOwner, manager.displayName) are
 *   dropped: RFC 7644 §3.5.1 "Any values provided SHALL be ignored". Clients echo them back.
 * - Extension attributes are accepted nested under their URN (RFC 7643 §3.3), flat with the URN
 *   as prefix (`urn:…:enterprise:2.0:User:department`, RFC 7644 §3.10), or bare when the name is
 *   unambiguous (`department`), as the schema registry resolves names everywhere else.
 * - A multi-valued attribute must be an array: a lone object is refused rather than wrapped, since
 *   no known client sends one and a guess could turn a mistaken mapping into stored data.
 */
import { RosterError } from '../../domain';
import { coerceAttributeValue, isPlainObject } from './coerce-value';
import { assertSafeKey, quoteName } from './input-keys';
import { isDiscardedAttribute } from './interop';
import { userSchemas } from './registry';
import type { SchemaAttribute } from './schema-attribute';
import type { ScimUserInput } from './types';
import { CORE_USER } from './urns';

export type CoerceMode = 'create' | 'replace';

export function coerceUserInput(body: unknown, mode: CoerceMode): ScimUserInput {
  if (!isPlainObject(body)) {
    throw new RosterError('invalid-syntax', 'The request body must be a JSON object: a SCIM User resource.');
  }
  const input = new InputCollector();
  let declared = false;
  for (const key of Object.keys(body)) {
    assertSafeKey(key, 'invalid-syntax');
    const raw = body[key];
    if (key.toLowerCase() === 'schemas') {
      assertDeclaresUser(raw);
      declared = true;
    } else if (userSchemas.isExtension(key)) {
      input.addExtension(userSchemas.schemaUrn(key) ?? key, raw);
    } else if (!isDiscardedAttribute(key)) {
      const resolved = userSchemas.resolveName(key);
      if (resolved === undefined || resolved.subAttribute !== undefined) throw unknownAttribute(key);
      input.add(resolved.attribute, raw, key);
    }
  }
  if (!declared) {
    throw new RosterError(
      'invalid-syntax',
      `"schemas" is required and must include ${CORE_USER} (RFC 7643 §3).`,
    );
  }
  return input.build(mode);
}

/** Gathers coerced attributes per schema, refusing the same attribute twice in any spelling. */
class InputCollector {
  private readonly core: Record<string, unknown> = {};
  private readonly extensions = new Map<string, Record<string, unknown>>();
  private readonly seen = new Set<SchemaAttribute>();

  add(attribute: SchemaAttribute, raw: unknown, label: string): void {
    if (this.seen.has(attribute)) {
      throw new RosterError(
        'invalid-syntax',
        `${attribute.path} is given twice (names are case-insensitive).`,
      );
    }
    this.seen.add(attribute);
    // RFC 7644 §3.5.1: readOnly values "SHALL be ignored"; clients echo id, meta and groups back.
    if (attribute.mutability === 'readOnly') return;
    const value = coerceAttributeValue(attribute, raw, label);
    if (value === undefined) return;
    if (attribute.schema === CORE_USER) {
      this.core[attribute.name] = value;
    } else {
      const container = this.extensions.get(attribute.schema) ?? {};
      container[attribute.name] = value;
      this.extensions.set(attribute.schema, container);
    }
  }

  /** `"urn:…:enterprise:2.0:User": { … }`, the nested form of RFC 7643 §3.3. */
  addExtension(urn: string, raw: unknown): void {
    if (raw === null) return;
    if (!isPlainObject(raw)) {
      throw new RosterError(
        'invalid-syntax',
        `${urn} must be an object holding that extension's attributes.`,
      );
    }
    for (const key of Object.keys(raw)) {
      assertSafeKey(key, 'invalid-syntax');
      const attribute = userSchemas.attribute(urn, key);
      if (attribute === undefined) throw unknownAttribute(`${urn}:${key}`);
      this.add(attribute, raw[key], `${urn}:${attribute.name}`);
    }
  }

  build(mode: CoerceMode): ScimUserInput {
    for (const attribute of userSchemas.attributesOf(CORE_USER).filter((a) => a.required)) {
      const value = this.core[attribute.name];
      if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
        const when = mode === 'create' ? 'to create a user' : 'and cannot be removed or emptied';
        throw new RosterError('invalid-value', `${attribute.path} is required ${when} (RFC 7643 §4.1).`);
      }
    }
    const present = userSchemas.extensionUrns.filter((urn) => this.extensions.has(urn));
    const input: Record<string, unknown> = { schemas: [CORE_USER, ...present], ...this.core };
    for (const urn of present) input[urn] = this.extensions.get(urn);
    return input as unknown as ScimUserInput;
  }
}

function assertDeclaresUser(raw: unknown): void {
  if (!Array.isArray(raw) || !raw.every((urn) => typeof urn === 'string')) {
    throw new RosterError('invalid-syntax', '"schemas" must be an array of schema URNs (RFC 7643 §3).');
  }
  if (!raw.some((urn: string) => urn.toLowerCase() === CORE_USER.toLowerCase())) {
    throw new RosterError('invalid-syntax', `"schemas" must include ${CORE_USER} (RFC 7643 §3).`);
  }
}

function unknownAttribute(name: string): RosterError {
  return new RosterError(
    'invalid-syntax',
    `${quoteName(name)} is not an attribute of the User resource; remove it or fix its name ` +
      '(see /Schemas for the attributes Roster accepts).',
  );
}
