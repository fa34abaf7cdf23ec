/**
 * The resource schema URNs (RFC 7643 §8.7.1) and Roster's team extension (docs/contract.md). They
 * are named here, once, because the domain (profile-paths.ts), the store's filter field maps and
 * the SCIM layer all speak them; SCIM's message URNs stay in src/scim/protocol/urns.ts.
 */
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const ROSTER_USER = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
