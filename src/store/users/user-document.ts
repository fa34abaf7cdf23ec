import type { PendingDeactivation } from '../../domain';

/**
 * The stored shape of a SCIM User in the `users` collection. The SCIM adapter maps it to and from
 * the wire (src/scim/resources/users/), the filter translator queries it, the store writes it.
 *
 * One document per user; every document carries its tenant and every query names it.
 */
export interface NameDoc {
  formatted?: string;
  familyName?: string;
  givenName?: string;
  middleName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
}

/** emails, phoneNumbers, ims, photos, entitlements, roles, x509Certificates share this shape. */
export interface MultiValueDoc {
  value?: string;
  display?: string;
  type?: string;
  primary?: boolean;
}

export interface AddressDoc {
  formatted?: string;
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  type?: string;
  primary?: boolean;
}

/** urn:ietf:params:scim:schemas:extension:enterprise:2.0:User, less `manager` (kept as managerId). */
export interface EnterpriseDoc {
  employeeNumber?: string;
  costCenter?: string;
  organization?: string;
  division?: string;
  department?: string;
}

/** A refused IdP deprovisioning Roster will finish (pending-deactivations.ts); one per user. */
export interface StoredPendingDeactivation extends PendingDeactivation {
  /** Names this request: a completion or a cancellation applies only to the request it read. */
  requestId: string;
}

export interface UserDocument {
  /** The SCIM id (a UUID); never reused. */
  _id: string;
  tenantId: string;
  userName: string;
  /** userName normalised (NFC, lower case): the uniqueness and case-insensitive lookup key. */
  userNameKey: string;
  externalId?: string;
  active: boolean;
  name?: NameDoc;
  displayName?: string;
  nickName?: string;
  profileUrl?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  emails?: MultiValueDoc[];
  phoneNumbers?: MultiValueDoc[];
  ims?: MultiValueDoc[];
  photos?: MultiValueDoc[];
  addresses?: AddressDoc[];
  entitlements?: MultiValueDoc[];
  roles?: MultiValueDoc[];
  x509Certificates?: MultiValueDoc[];
  enterprise?: EnterpriseDoc;
  /** enterprise manager.value: the id of a user of the same tenant. */
  managerId?: string;
  /** urn:ietf:params:scim:schemas:extension:roster:2.0:User canManageTeam */
  canManageTeam: boolean;
  /**
   * I1 ledger: ids of this user's active direct reports (docs/domain.md), with when each entry
   * was written in `activeReportsAt` (for the reconciler's lease). Scalar ids, because FerretDB
   * 1.x cannot `$pull` by a condition on sub-documents.
   */
  activeReports: string[];
  activeReportsAt: Record<string, Date>;
  /** How many writes stand on each entry (ledger.ts); an entry without a count has one. */
  activeReportsClaims?: Record<string, number>;
  /** I2: set on the tenant's primary owner, so refusing their deactivation is one conditional update. */
  primaryOwner: boolean;
  /** Set while an IdP's refused deactivation or DELETE waits for its block to end. */
  pendingDeactivation?: StoredPendingDeactivation;
  /** meta.version and the ETag; incremented on every write (compare-and-set). */
  version: number;
  created: Date;
  lastModified: Date;
}

/** Attributes stored under their SCIM core name, as they are on the wire. */
export const SCIM_NAMED_FIELDS = [
  'externalId',
  'name',
  'displayName',
  'nickName',
  'profileUrl',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'emails',
  'phoneNumbers',
  'ims',
  'photos',
  'addresses',
  'entitlements',
  'roles',
  'x509Certificates',
] as const satisfies readonly (keyof UserDocument)[];
