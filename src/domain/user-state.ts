/**
 * The domain's own view of a user, of a tenant's policy and of who asked. Deliberately small and
 * independent of the stored shape (src/store/users/user-document.ts): the store and the SCIM
 * adapter map their records to these types before asking the lifecycle rules (docs/domain.md).
 */

/** A user as the lifecycle rules see it. */
export interface UserState {
  readonly id: string;
  readonly userName: string;
  /** false = Deactivated. */
  readonly active: boolean;
  /** The enterprise extension's manager.value: the id of this user's team lead, or none. */
  readonly managerId: string | null;
  /** Team extension canManageTeam: a team lead. Any user may still be named as a manager. */
  readonly canManageTeam: boolean;
  /**
   * The SCIM core attributes (and extensions keyed by their schema URN) as on the wire, e.g.
   * `{ name: { givenName: 'Ana' }, emails: [{ value: 'ana@x.com' }] }`; read for I3.
   */
  readonly profile: Readonly<Record<string, unknown>>;
}

/** The tenant's rules for profiles. */
export interface TenantPolicy {
  /** SCIM attribute paths a profile needs before `active` may change (I3). */
  readonly requiredFields: readonly string[];
}

/** I3's default, from the seed article's "required fields" (docs/domain.md). */
export const DEFAULT_TENANT_POLICY: TenantPolicy = Object.freeze({
  requiredFields: Object.freeze(['name.givenName', 'name.familyName', 'emails']),
});

/** How a change arrived; recorded in the audit trail. */
export type Channel = 'scim' | 'scim-bulk' | 'admin' | 'csv';

/** Who asked: the token's name and the channel it used. */
export interface Actor {
  readonly tokenName: string;
  readonly channel: Channel;
}

/** A user named in a refusal or a ledger: enough to show them to a person. */
export interface UserRef {
  readonly id: string;
  readonly userName: string;
}
