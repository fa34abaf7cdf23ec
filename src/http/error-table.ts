import type { RosterErrorKind } from '../domain';

/**
 * THE table: every RosterError kind → HTTP status and SCIM scimType (RFC 7644 §3.12). No status
 * is chosen anywhere else.
 * Lifecycle refusals of I1/I2 are 409 `mutability` per docs/contract.md: scimmy's own error class
 * refuses that pair, which is one reason Roster renders its SCIM errors itself.
 */
export const ERROR_TABLE: Readonly<Record<RosterErrorKind, { status: number; scimType?: string }>> = {
  'invalid-filter': { status: 400, scimType: 'invalidFilter' },
  'invalid-syntax': { status: 400, scimType: 'invalidSyntax' },
  'invalid-path': { status: 400, scimType: 'invalidPath' },
  'invalid-value': { status: 400, scimType: 'invalidValue' },
  'no-target': { status: 400, scimType: 'noTarget' },
  'read-only': { status: 400, scimType: 'mutability' },
  'too-many': { status: 400, scimType: 'tooMany' },
  'payload-too-large': { status: 413 },
  'unsupported-media-type': { status: 415 },
  'not-found': { status: 404 },
  uniqueness: { status: 409, scimType: 'uniqueness' },
  'version-mismatch': { status: 412 },
  'write-conflict': { status: 409 },
  'unresolved-reference': { status: 409 },
  'has-active-reports': { status: 409, scimType: 'mutability' },
  'owner-protected': { status: 409, scimType: 'mutability' },
  'inactive-manager': { status: 409, scimType: 'mutability' },
  'incomplete-profile': { status: 400, scimType: 'invalidValue' },
  'invalid-manager': { status: 400, scimType: 'invalidValue' },
  'team-lead-in-bulk': { status: 409, scimType: 'mutability' },
  unauthenticated: { status: 401 },
  forbidden: { status: 403 },
  'method-not-allowed': { status: 405 },
  'not-implemented': { status: 501 },
  'rate-limited': { status: 429 },
  'store-unavailable': { status: 503 },
  // Usually a store that accepted the connection and stopped answering: retryable like an outage.
  'request-timeout': { status: 503 },
};
