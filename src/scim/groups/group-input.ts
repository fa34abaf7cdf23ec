/**
 * A SCIM Group from a POST or PUT body (RFC 7644 §3.3, §3.5.1), validated against
 * schemas/group.json. The same decisions as for users (src/scim/schema/coerce.ts): `schemas` must
 * list the core Group URN and other URNs there are ignored (Microsoft Entra ID adds its own,
 * `http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group`); unknown
 * attributes are refused; readOnly ones (id, meta, members.display) are ignored, as RFC 7644
 * §3.5.1 says, since clients echo them back.
 */
import { RosterError } from '../../domain';
import { coerceAttributeValue, coerceElement, isPlainObject } from '../schema/coerce-value';
import { assertSafeKey, quoteName } from '../schema/input-keys';
import type { SchemaAttribute } from '../schema/schema-attribute';
import { CORE_GROUP, groupSchema } from './group-schema';

export interface GroupInput {
  displayName: string;
  externalId?: string;
  /** Member user ids without repeats; absent when the body has no `members`. */
  members?: string[];
}

export function coerceGroupInput(body: unknown): GroupInput {
  if (!isPlainObject(body)) {
    throw new RosterError('invalid-syntax', 'The request body must be a JSON object: a SCIM Group resource.');
  }
  let declared = false;
  const seen = new Set<SchemaAttribute>();
  const input: Partial<GroupInput> = {};
  for (const key of Object.keys(body)) {
    assertSafeKey(key, 'invalid-syntax');
    if (key.toLowerCase() === 'schemas') {
      assertDeclaresGroup(body[key]);
      declared = true;
      continue;
    }
    const resolved = groupSchema.resolveName(key);
    if (resolved === undefined || resolved.subAttribute !== undefined) throw unknownAttribute(key);
    const { attribute } = resolved;
    if (seen.has(attribute)) {
      throw new RosterError(
        'invalid-syntax',
        `${attribute.name} is given twice (names are case-insensitive).`,
      );
    }
    seen.add(attribute);
    if (attribute.mutability === 'readOnly') continue;
    if (attribute.name === 'members') {
      input.members = memberIdsOf(body[key], 'members');
      continue;
    }
    const value = coerceAttributeValue(attribute, body[key], attribute.name);
    if (value === undefined) continue;
    if (attribute.name === 'displayName') input.displayName = value as string;
    else input.externalId = value as string;
  }
  if (!declared) {
    throw new RosterError(
      'invalid-syntax',
      `"schemas" is required and must include ${CORE_GROUP} (RFC 7643 §3).`,
    );
  }
  return { ...input, displayName: requiredDisplayName(input.displayName) };
}

/** RFC 7643 §4.2: displayName is REQUIRED; Roster also keeps it unique, so it cannot be blank. */
export function requiredDisplayName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new RosterError('invalid-value', 'displayName is required and cannot be empty (RFC 7643 §4.2).');
  }
  return value;
}

/**
 * The user ids a `members` value names: an array of `{value}` (a lone object is read as a list
 * of one, as RFC 7644 §3.5.2.1 speaks of "a new value"); null means none. `display` and `$ref`
 * are the client's echo and are not needed; `type`, when given, must be User.
 */
export function memberIdsOf(raw: unknown, label: string): string[] {
  if (raw === null || raw === undefined) return [];
  const members = groupSchema.attribute('members')!;
  const list = Array.isArray(raw) ? raw : [raw];
  const ids = new Set<string>();
  list.forEach((item, i) => {
    const where = `${label}[${i}]`;
    const element = coerceElement(members, item, where) as Record<string, unknown> | undefined;
    const value = element?.value;
    if (typeof value !== 'string' || value === '') {
      throw new RosterError(
        'invalid-value',
        `${where}.value is required: the id of the user to be a member.`,
      );
    }
    const type = element?.type;
    if (typeof type === 'string' && type.toLowerCase() !== 'user') {
      throw new RosterError(
        'invalid-value',
        `${where}.type is "${type}": members of Roster's groups are users (type "User").`,
      );
    }
    ids.add(value);
  });
  return [...ids];
}

function assertDeclaresGroup(raw: unknown): void {
  if (!Array.isArray(raw) || !raw.every((urn) => typeof urn === 'string')) {
    throw new RosterError('invalid-syntax', '"schemas" must be an array of schema URNs (RFC 7643 §3).');
  }
  if (!raw.some((urn: string) => urn.toLowerCase() === CORE_GROUP.toLowerCase())) {
    throw new RosterError('invalid-syntax', `"schemas" must include ${CORE_GROUP} (RFC 7643 §3).`);
  }
}

function unknownAttribute(name: string): RosterError {
  return new RosterError(
    'invalid-syntax',
    `${quoteName(name)} is not an attribute of the Group resource; remove it or fix its name ` +
      '(see /Schemas for the attributes Roster accepts).',
  );
}
