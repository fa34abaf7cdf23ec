/**
 * The User resource on the wire (RFC 7643 §4.1, §4.3 and the Roster extension), in the canonical
 * attribute case of schemas/*.json. Two shapes:
 * - ScimUserInput: what a client may set, after coercion (coerce.ts). No readOnly attribute.
 * - ScimUserResource: what Roster returns, readOnly attributes included.
 */
import type { ENTERPRISE_USER, ROSTER_USER } from '../../domain';

export interface ScimName {
  formatted?: string;
  familyName?: string;
  givenName?: string;
  middleName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
}

/** emails, phoneNumbers, ims, photos, entitlements, roles and x509Certificates share this shape. */
export interface ScimMultiValue {
  value?: string;
  display?: string;
  type?: string;
  primary?: boolean;
}

export interface ScimAddress {
  formatted?: string;
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  type?: string;
  primary?: boolean;
}

/** The readOnly `groups` of a User (RFC 7643 §4.1.2); changed through the Group resource. */
export interface ScimGroupRef {
  value?: string;
  $ref?: string;
  display?: string;
  type?: string;
}

/** What a client sets: only the id of the manager. */
export interface ScimManagerInput {
  value: string;
}

/** What Roster returns: `$ref` and `displayName` are filled in from the manager's record. */
export interface ScimManager extends ScimManagerInput {
  $ref?: string;
  displayName?: string;
}

export interface ScimEnterpriseFields {
  employeeNumber?: string;
  costCenter?: string;
  organization?: string;
  division?: string;
  department?: string;
}

export interface ScimEnterpriseInput extends ScimEnterpriseFields {
  /** Absent means no manager (a client's null, `""` or `{value: ""}` all arrive here as absent). */
  manager?: ScimManagerInput;
}

export interface ScimEnterprise extends ScimEnterpriseFields {
  manager?: ScimManager;
}

export interface ScimRosterInput {
  canManageTeam?: boolean;
}

export interface ScimRoster {
  canManageTeam: boolean;
  primaryOwner: boolean;
}

export interface ScimMeta {
  resourceType: 'User';
  created: string;
  lastModified: string;
  location: string;
  version: string;
}

/** The readWrite core attributes, common to input and output. */
export interface ScimUserCore {
  externalId?: string;
  userName: string;
  name?: ScimName;
  displayName?: string;
  nickName?: string;
  profileUrl?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  active?: boolean;
  emails?: ScimMultiValue[];
  phoneNumbers?: ScimMultiValue[];
  ims?: ScimMultiValue[];
  photos?: ScimMultiValue[];
  addresses?: ScimAddress[];
  entitlements?: ScimMultiValue[];
  roles?: ScimMultiValue[];
  x509Certificates?: ScimMultiValue[];
}

/**
 * A validated POST/PUT body or PATCH result. Attributes a client did not give (or gave as null or
 * an empty array, RFC 7643 §2.5) are absent; an extension key is present only when it carries a
 * value, and `schemas` lists the core URN followed by exactly those extension URNs.
 */
export interface ScimUserInput extends ScimUserCore {
  schemas: string[];
  [ENTERPRISE_USER]?: ScimEnterpriseInput;
  [ROSTER_USER]?: ScimRosterInput;
}

export interface ScimUserResource extends ScimUserCore {
  schemas: string[];
  id: string;
  active: boolean;
  groups?: ScimGroupRef[];
  [ENTERPRISE_USER]?: ScimEnterprise;
  [ROSTER_USER]: ScimRoster;
  meta: ScimMeta;
}
