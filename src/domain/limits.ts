/**
 * How much one request may ask of the server: every cap on request size in one place, so the
 * SCIM API, the admin API and the spreadsheet import hold the same values to the same limits and
 * ServiceProviderConfig advertises what is enforced. Why each value: README "Limits" and
 * docs/identifiers.md. None is reached by a request Okta or Microsoft Entra ID documents (the
 * fixtures under test/fixtures pass under them); all are far above what a real directory holds.
 *
 * They are constants, not settings: a spreadsheet exported by one process must re-import on any
 * other, and an IdP reads them once from ServiceProviderConfig.
 */
export const REQUEST_LIMITS = {
  /** Operations in one PATCH (also each PATCH inside a /Bulk). Okta and Entra send 1 to ~20. */
  patchOperations: 100,
  /** Conditions (`eq`, `pr`, …) in the value filter of one PATCH path: `emails[type eq "work"]` has 1. */
  patchFilterConditions: 10,
  /** Operations in one /Bulk request (RFC 7644 §3.7.4 bulk.maxOperations). */
  bulkOperations: 1000,
  /** Bytes of one SCIM body, bulk.maxPayloadSize; a bulk request is the largest body a client sends. */
  bodyBytes: 1024 * 1024,
  /** Values of one multi-valued User attribute (emails, phoneNumbers, roles, …), stored or sent. */
  valuesPerAttribute: 100,
} as const;

/**
 * Longest string value, in characters (Unicode code points), by what the value is. Entra's own
 * limits are below these (userPrincipalName 113, displayName 256, streetAddress 1024).
 */
export const STRING_LIMITS = {
  /** userName, externalId, a group's displayName: the names uniqueness is decided on. */
  identifier: 256,
  /** An email address: RFC 5321 allows no longer forward path. */
  email: 254,
  /** Any other text: names, title, addresses, department. */
  text: 1024,
  /** URLs (profileUrl, photos): the length browsers and proxies reliably carry. */
  reference: 2048,
  /** base64 (x509Certificates): a certificate chain with a 4096-bit key fits several times. */
  binary: 16 * 1024,
} as const;

export type StringKind = keyof typeof STRING_LIMITS;

/** Characters (code points) in `value`, counted only when the UTF-16 length could exceed `limit`. */
export function exceedsLength(value: string, limit: number): boolean {
  if (value.length <= limit) return false;
  let count = 0;
  for (const _ of value) {
    count += 1;
    if (count > limit) return true;
  }
  return false;
}
