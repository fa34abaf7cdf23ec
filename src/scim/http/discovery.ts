import { Router } from 'express';
import { RosterError, REQUEST_LIMITS, STRING_LIMITS } from '../../domain';
import { BULK_LIMITS } from '../bulk/bulk-limits';
import { CORE_GROUP, groupSchemaDefinition } from '../groups/group-schema';
import { userSchemaDefinitions } from '../schema/registry';
import { CORE_USER, ENTERPRISE_USER, ROSTER_USER } from '../schema/urns';
import { LIST_LIMITS } from '../users/list-params';
import { sendScim } from './respond';

/** Roster's extension of ServiceProviderConfig: the request limits SCIM has no attribute for. */
export const ROSTER_LIMITS = 'urn:ietf:params:scim:schemas:extension:roster:2.0:Limits';

/**
 * RFC 7644 §4 discovery, read-only (endpoints.ts answers 405 to writes before a body is read). Served from schemas/*.json, the same
 * definitions the validator and PATCH use, so what /Schemas says is what Roster enforces.
 * (scimmy-routers renders scimmy's built-in User schema instead — password included — which
 * Roster does not implement; see README "Why not scimmy".)
 */
export function discoveryRouter(baseUrl: (req: import('express').Request) => string): Router {
  const router = Router();

  router.get('/ServiceProviderConfig', (req, res) => {
    sendScim(res, 200, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig', ROSTER_LIMITS],
      // maxOperations is not in RFC 7643 §5 for patch; it is the name bulk uses for the same cap.
      patch: { supported: true, maxOperations: REQUEST_LIMITS.patchOperations },
      // RFC 7644 §3.7.4: the limits readBulkRequest and the body parser enforce (413 beyond them).
      bulk: { supported: true, ...BULK_LIMITS },
      filter: { supported: true, maxResults: LIST_LIMITS.maxCount },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      // RFC 9865 cursor pagination, beside index pagination.
      pagination: {
        cursor: true,
        index: true,
        defaultPaginationMethod: 'index',
        defaultPageSize: LIST_LIMITS.defaultCount,
        maxPageSize: LIST_LIMITS.maxCount,
      },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'Bearer token',
          description: 'A Roster API token in the Authorization header: "Authorization: Bearer <token>".',
          primary: true,
        },
      ],
      // The caps SCIM has no attribute for (README "Limits", src/domain/limits.ts).
      [ROSTER_LIMITS]: {
        maxValuesPerAttribute: REQUEST_LIMITS.valuesPerAttribute,
        maxPatchFilterConditions: REQUEST_LIMITS.patchFilterConditions,
        maxStringLength: { ...STRING_LIMITS },
      },
      meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl(req)}/ServiceProviderConfig` },
    });
  });

  const resourceTypes = (base: string) => [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'An account user',
      schema: CORE_USER,
      schemaExtensions: [
        { schema: ENTERPRISE_USER, required: false },
        { schema: ROSTER_USER, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: "A group of the account's users",
      schema: CORE_GROUP,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];
  const schemas = (base: string) =>
    [...userSchemaDefinitions, groupSchemaDefinition].map((definition) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      ...definition,
      meta: { resourceType: 'Schema', location: `${base}/Schemas/${definition.id}` },
    }));

  router.get('/ResourceTypes', (req, res) => sendScim(res, 200, listOf(resourceTypes(baseUrl(req)))));
  router.get('/ResourceTypes/:id', (req, res, next) => {
    const found = resourceTypes(baseUrl(req)).find((t) => t.id === req.params.id);
    if (!found) return next(new RosterError('not-found', `Resource type ${req.params.id} not found.`));
    sendScim(res, 200, found);
  });
  router.get('/Schemas', (req, res) => sendScim(res, 200, listOf(schemas(baseUrl(req)))));
  router.get('/Schemas/:id', (req, res, next) => {
    const found = schemas(baseUrl(req)).find((s) => s.id === req.params.id);
    if (!found) return next(new RosterError('not-found', `Schema ${req.params.id} not found.`));
    sendScim(res, 200, found);
  });
  return router;
}

function listOf(resources: unknown[]) {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: resources.length,
    itemsPerPage: resources.length,
    startIndex: 1,
    Resources: resources,
  };
}
