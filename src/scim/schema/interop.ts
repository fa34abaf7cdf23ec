/**
 * Value forms real provisioning clients send that the RFC does not, accepted on every channel
 * (POST, PUT and PATCH share coerce-value.ts) so an IdP's request works however it arrives.
 * contract.md, Interop; scimmy-notes.md §3 lists what scimmy refused.
 */
import { booleanFrom } from '../../domain';
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
 * interop (Microsoft Entra ID, Okta): clearing a manager arrives as null, `""` or `{"value": ""}`;
 * all mean "no manager". A single-valued reference-like complex value (one with a `value`
 * sub-attribute) without a non-empty value is therefore unassigned (RFC 7643 §2.5).
 */
export function isEmptyReference(attribute: SchemaAttribute, value: Record<string, unknown>): boolean {
  return !attribute.multiValued && attribute.subAttribute('value') !== undefined && !value.value;
}

/**
 * interop (Okta): Okta's create, replace and update requests carry `password` when password push
 * is enabled (and its SCIM 2.0 reference create example does). Roster stores no passwords (see
 * schemas/user.json), so the value is discarded rather than refused.
 */
export function isDiscardedAttribute(name: string): boolean {
  return name.toLowerCase() === 'password';
}
