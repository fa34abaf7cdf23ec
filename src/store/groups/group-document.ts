/**
 * The stored shape of a SCIM Group (RFC 7643 §4.2) and of its memberships. A group document never
 * holds its members: each membership is a document of its own in `group_members`, so adding or
 * removing one member of a 50,000-member group writes one small document, never the list.
 */
export interface GroupDocument {
  /** The SCIM id (a UUID); never reused. */
  _id: string;
  tenantId: string;
  displayName: string;
  /** displayName folded (domain/text.ts): the uniqueness and case-insensitive lookup key. */
  displayNameKey: string;
  externalId?: string;
  /** meta.version and the ETag; incremented on every write, members included (compare-and-set). */
  version: number;
  created: Date;
  lastModified: Date;
}

/**
 * One member of one group. `_id` is `<groupId>|<userId>`: adding is an insert (atomic, and a
 * duplicate key means "already a member", so it is idempotent) and "is U in G" is one `_id` read.
 */
export interface MembershipDocument {
  _id: string;
  tenantId: string;
  groupId: string;
  userId: string;
}

export const membershipId = (groupId: string, userId: string): string => `${groupId}|${userId}`;

/** What a client writes; the rest of a GroupDocument is the store's. */
export interface GroupDraft {
  displayName: string;
  externalId?: string | undefined;
}

/**
 * A change to a group's members: the whole list (PUT, PATCH replace of `members`) or the net
 * additions and removals of PATCH operations, which never need the current list.
 */
export type MemberChange =
  | { readonly kind: 'replace'; readonly userIds: readonly string[] }
  | { readonly kind: 'delta'; readonly add: readonly string[]; readonly remove: readonly string[] };

/** A write to a group: each field absent is unchanged; `externalId: null` removes it. */
export interface GroupChange {
  readonly displayName?: string;
  readonly externalId?: string | null;
  readonly members?: MemberChange;
}
