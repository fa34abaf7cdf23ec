/**
 * Which attribute paths a tenant policy may name as required for I3 (docs/domain.md): the User
 * resource's attributes, `attr` or `attr.subAttr`, optionally prefixed by their schema URN,
 * compared case-insensitively (RFC 7643 §2.1), as `missingRequiredFields` reads them.
 *
 * The names are those of schemas/*.json, which the SCIM layer loads and serves; the domain reads
 * no files, so they are listed here, and test/unit/domain/profile-paths.test.ts fails when the
 * two disagree.
 */
const COMMON_MULTI = ['value', 'display', 'type', 'primary'];

export const USER_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'urn:ietf:params:scim:schemas:core:2.0:User': {
    id: [],
    externalId: [],
    meta: ['resourceType', 'created', 'lastModified', 'location', 'version'],
    userName: [],
    name: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'],
    displayName: [],
    nickName: [],
    profileUrl: [],
    title: [],
    userType: [],
    preferredLanguage: [],
    locale: [],
    timezone: [],
    active: [],
    emails: COMMON_MULTI,
    phoneNumbers: COMMON_MULTI,
    ims: COMMON_MULTI,
    photos: COMMON_MULTI,
    addresses: [
      'formatted',
      'streetAddress',
      'locality',
      'region',
      'postalCode',
      'country',
      'type',
      'primary',
    ],
    groups: ['value', '$ref', 'display', 'type'],
    entitlements: COMMON_MULTI,
    roles: COMMON_MULTI,
    x509Certificates: COMMON_MULTI,
  },
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
    employeeNumber: [],
    costCenter: [],
    organization: [],
    division: [],
    department: [],
    manager: ['value', '$ref', 'displayName'],
  },
  'urn:ietf:params:scim:schemas:extension:roster:2.0:User': {
    canManageTeam: [],
    primaryOwner: [],
  },
};

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
// Longest URN first, so a URN that prefixes another can never capture its names.
const URNS = Object.keys(USER_ATTRIBUTES).sort((a, b) => b.length - a.length);

function subAttributesOf(urn: string, name: string): readonly string[] | undefined {
  const attributes = USER_ATTRIBUTES[urn]!;
  const key = Object.keys(attributes).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : attributes[key];
}

/**
 * True when `text` names a User attribute or sub-attribute. An unqualified name means the core
 * attribute of that name, else the one extension attribute of that name.
 */
export function isUserAttributePath(text: string): boolean {
  const lower = text.toLowerCase();
  const urn = URNS.find((u) => lower.startsWith(`${u.toLowerCase()}:`));
  if (urn === undefined && lower.startsWith('urn:')) return false;
  const [attr = '', sub, ...extra] = (urn === undefined ? text : text.slice(urn.length + 1)).split('.');
  if (extra.length > 0 || attr === '') return false;
  let subs: readonly string[] | undefined;
  if (urn !== undefined) subs = subAttributesOf(urn, attr);
  else {
    subs = subAttributesOf(CORE, attr);
    if (subs === undefined) {
      const found = URNS.filter((u) => u !== CORE)
        .map((u) => subAttributesOf(u, attr))
        .filter((s) => s !== undefined);
      subs = found.length === 1 ? found[0] : undefined;
    }
  }
  if (subs === undefined) return false;
  return sub === undefined || subs.some((s) => s.toLowerCase() === sub.toLowerCase());
}
