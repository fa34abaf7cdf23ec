/**
 * Value forms real provisioning clients send that the RFC does not, accepted on every channel
 * (POST, PUT and PATCH share coerce-value.ts) so an IdP's request works however it arrives.
 * docs/contract.md, Interop; docs/scimmy-notes.md §3 lists what scimmy refused.
 */
import { RosterError } from '../../domain';
import { booleanFrom } from '../filter/values';
import type { SchemaAttribute } from './schema-attribute';

/**
 * interop (Microsoft Entra ID): booleans arrive as the strings "True"/"False" (any case), in
 * POST bodies and in PATCH values, unless the tenant URL carries `aadOptscim062020`.
 */
export function clientBoolean(raw: unknown): boolean | undefined {
  return booleanFrom(raw);
}

/**
 * interop (Microsoft Entra ID): `manager` arrives as the bare id string
 * (`"path": "urn:…:enterprise:2.0:User:manager", "value": "<id>"`). A single-valued complex
 * attribute with a `value` sub-attribute reads a bare string as `{ value }`.
 */
export function bareStringAsComplex(
  attribute: SchemaAttribute,
  raw: string,
): Record<string, unknown> | undefined {
  return !attribute.multiValued && attribute.subAttribute('value') ? { value: raw } : undefined;
}

/**
 * interop (Microsoft Entra ID): the provisioning tutorial sends the manager as an array of one
 * object (`"path": "manager", "value": [{"$ref": …, "value": "<id>"}]`). A single-valued complex
 * attribute with a `value` sub-attribute reads a one-element array as its element and an empty
 * array as unassigned (RFC 7643 §2.5); a longer array is refused, since it names several managers.
 */
export function oneElementArrayAsValue(attribute: SchemaAttribute, raw: unknown[], label: string): unknown {
  if (attribute.multiValued || !attribute.subAttribute('value')) return raw;
  if (raw.length <= 1) return raw[0] ?? null;
  throw new RosterError(
    'invalid-value',
    `${label} is single-valued: send one object (or an array of exactly one), found an array of ${raw.length}.`,
  );
}

/**
 * interop (Microsoft Entra ID, Okta): clearing a manager arrives as null, `""` or `{"value": ""}`;
 * all mean "no manager". A single-valued reference-like complex value (one with a `value`
 * sub-attribute) without a non-empty value is therefore unassigned (RFC 7643 §2.5).
 */
export function isEmptyReference(attribute: SchemaAttribute, value: Record<string, unknown>): boolean {
  return !attribute.multiValued && attribute.subAttribute('value') !== undefined && !value.value;
}

/**
 * The `$ref` of a single-valued reference (manager): writable, since schema-driven clients send
 * it, but Roster derives it from `value` on every answer.
 */
export function isDerivedRef(attribute: SchemaAttribute, sub: SchemaAttribute | undefined): boolean {
  return sub?.name === '$ref' && !attribute.multiValued && attribute.subAttribute('value') !== undefined;
}

/**
 * interop (Okta): Okta's create, replace and update requests carry `password` when password push
 * is enabled (and its SCIM 2.0 reference create example does). Roster stores no passwords (see
 * schemas/user.json), so the value is discarded rather than refused.
 */
export function isDiscardedAttribute(name: string): boolean {
  return name.toLowerCase() === 'password';
}
