/**
 * The one error type of Roster, and its one vocabulary of kinds. It is thrown where a problem is
 * found (the domain, the store, a protocol reader, an HTTP guard), carries a `kind` saying what
 * went wrong and a `detail` written for the person who will read it (often an IdP admin looking
 * at a provisioning log), and is mapped to an HTTP status and SCIM scimType in exactly one place
 * (src/http/error-table.ts). The kinds are grouped below by where they arise; only the lifecycle
 * group is the domain's own decision, the others are named here so that no layer needs a second
 * error type.
 */
export type RosterErrorKind =
  // request shape (RFC 7644 §3.12 scimTypes)
  | 'invalid-filter'
  | 'invalid-syntax'
  | 'invalid-path'
  | 'invalid-value'
  | 'no-target'
  | 'read-only' // an attempt to change a readOnly/immutable attribute (scimType mutability)
  | 'too-many'
  | 'payload-too-large'
  | 'unsupported-media-type'
  // resources
  | 'not-found'
  | 'uniqueness'
  | 'version-mismatch' // If-Match precondition failed
  | 'write-conflict' // optimistic concurrency gave up after retries
  | 'unresolved-reference' // a /Bulk bulkId that cannot be resolved (RFC 7644 §3.7.1: 409)
  // lifecycle guard (docs/domain.md I1–I3)
  | 'has-active-reports'
  | 'owner-protected'
  | 'inactive-manager'
  | 'incomplete-profile'
  | 'invalid-manager'
  | 'team-lead-in-bulk'
  // access
  | 'unauthenticated'
  | 'forbidden'
  | 'method-not-allowed'
  | 'not-implemented'
  | 'rate-limited'
  // infrastructure
  | 'store-unavailable'
  | 'request-timeout'; // no answer within the request timeout (src/ops/request-timeout.ts)

export class RosterError extends Error {
  override readonly name = 'RosterError';

  constructor(
    readonly kind: RosterErrorKind,
    readonly detail: string,
    /** Structured facts behind the detail (counts, ids), for logs, audit and API clients. */
    readonly data?: Readonly<Record<string, unknown>>,
  ) {
    super(detail);
  }
}

export function isRosterError(err: unknown): err is RosterError {
  return err instanceof RosterError;
}
