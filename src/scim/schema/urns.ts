/** The schema and message URNs Roster's User resource speaks (RFC 7643 §8.7.1, RFC 7644 §3.5.2). */
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** The team extension's URN, fixed by docs/contract.md. */
export const ROSTER_USER = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
