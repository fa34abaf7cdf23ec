import { REQUEST_LIMITS } from '../../domain';

/**
 * RFC 7644 §3.7.4: the limits a service provider defines for a bulk request, advertised in
 * ServiceProviderConfig (§5: `bulk.maxOperations`, `bulk.maxPayloadSize`). A request over either
 * is refused whole with 413 Payload Too Large.
 */
export const BULK_LIMITS = {
  maxOperations: REQUEST_LIMITS.bulkOperations,
  /** Bytes; every SCIM body is held to it, a bulk request being the largest (src/scim/http/scim-router.ts). */
  maxPayloadSize: REQUEST_LIMITS.bodyBytes,
} as const;

export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
