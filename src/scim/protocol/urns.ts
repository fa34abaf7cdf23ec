/**
 * Every schema and message URN Roster speaks, in one place (RFC 7643 §8.7, RFC 7644 §3, §4).
 * The store names the resource URNs again in its filter field maps (src/store/filter), since it
 * may import nothing from SCIM; a unit test checks both spell them the same.
 */

/** Resource schemas (RFC 7643 §4, §8.7.1) and Roster's team extension (docs/contract.md). */
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const ROSTER_USER = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Discovery (RFC 7644 §4, RFC 7643 §5-§7). */
export const SERVICE_PROVIDER_CONFIG = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** Messages (RFC 7644 §3.4.2, §3.4.3, §3.5.2, §3.7, §3.12). */
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
