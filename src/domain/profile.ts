import type { TenantPolicy } from './user-state';

/**
 * I3 needs to know whether a profile is complete: every path of the tenant's `requiredFields`
 * must hold information. A path is a SCIM attribute path (RFC 7644 §3.10): `attr`,
 * `attr.subAttr`, optionally prefixed by a schema URN (`urn:...:enterprise:2.0:User:department`).
 * Attribute names compare case-insensitively (RFC 7643 §2.1).
 *
 * Missing means: absent, null, a string that is empty or only white space, an empty array, or a
 * complex value with nothing in it. The seed article accepts dummy information, so any
 * non-blank value counts; only blanks do not.
 */
export function missingRequiredFields(
  profile: Readonly<Record<string, unknown>>,
  policy: TenantPolicy,
): string[] {
  return policy.requiredFields.filter((path) => !holdsValue(profile, segmentsOf(path)));
}

/** `urn:a:b:2.0:User:attr.sub` → [`urn:a:b:2.0:User`, `attr`, `sub`]; URNs contain dots, not after the last colon. */
function segmentsOf(path: string): string[] {
  if (!path.toLowerCase().startsWith('urn:')) return path.split('.');
  const cut = path.lastIndexOf(':');
  return [path.slice(0, cut), ...path.slice(cut + 1).split('.')];
}

function holdsValue(value: unknown, segments: readonly string[]): boolean {
  const [head, ...rest] = segments;
  if (head === undefined) return isFilled(value);
  // A sub-attribute of a multi-valued attribute (`emails.value`) is there if any element has it.
  if (Array.isArray(value)) return value.some((element) => holdsValue(element, segments));
  if (!isObject(value)) return false;
  const key = Object.keys(value).find((k) => k.toLowerCase() === head.toLowerCase());
  return key !== undefined && holdsValue(value[key], rest);
}

/**
 * Descriptive sub-attributes of multi-valued attributes (RFC 7643 §2.4) carry no information by
 * themselves: `emails: [{ type: 'work', primary: true }]` has no email in it.
 */
const DESCRIPTIVE_SUB_ATTRIBUTES = new Set(['type', 'primary', 'display']);

function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.some(isFilled);
  if (isObject(value)) {
    return Object.entries(value).some(
      ([key, member]) => !DESCRIPTIVE_SUB_ATTRIBUTES.has(key.toLowerCase()) && isFilled(member),
    );
  }
  return true;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
