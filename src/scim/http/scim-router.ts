import express, { Router, type ErrorRequestHandler } from 'express';
import { isRosterError, RosterError } from '../../domain';
import { authenticate } from '../../http/auth';
import type { Store } from '../../store';
import { BULK_LIMITS } from '../bulk/bulk-limits';
import { bulkRouter } from './bulk-router';
import { baseUrlOf } from './context';
import { discoveryRouter } from './discovery';
import { refuseUnknownEndpoints } from './endpoints';
import { groupsRouter } from './groups-router';
import { searchRouter } from './search-router';
import { usersRouter } from './users-router';

/**
 * SCIM bodies above this are refused with 413 before they are parsed. It is bulk.maxPayloadSize
 * (RFC 7644 §3.7.4): a bulk request is the largest body a client sends.
 */
export const SCIM_MAX_BODY_BYTES = BULK_LIMITS.maxPayloadSize;
const JSON_TYPES = ['application/scim+json', 'application/json'];

/**
 * /scim/v2. Authentication runs first (nothing is parsed for an unknown caller), then the check
 * that the endpoint exists and answers the method (404/405 whatever the body), then the body
 * parser, then the resources. Discovery needs a token too, like everything else under /scim.
 */
export function scimRouter(store: Store): Router {
  const router = Router();

  router.use(authenticate(store.tokens));
  router.use(refuseUnknownEndpoints);
  router.use((req, _res, next) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody && !req.is(JSON_TYPES)) {
      return next(
        new RosterError(
          'unsupported-media-type',
          `Send the body as application/scim+json or application/json (got ${req.get('content-type') ?? 'no Content-Type'}).`,
        ),
      );
    }
    next();
  });
  router.use(express.json({ type: JSON_TYPES, limit: SCIM_MAX_BODY_BYTES, strict: true }));
  router.use(discoveryRouter(baseUrlOf));
  router.use(usersRouter(store));
  router.use(groupsRouter(store));
  router.use(searchRouter(store));
  router.use(bulkRouter(store));
  // RFC 7644 §3.11: a server without /Me answers 501. Roster's tokens belong to an account (the
  // IdP's connection), not to a user, so there is no "me" to resolve.
  router.all('/Me', (_req, _res, next) => {
    next(
      new RosterError(
        'not-implemented',
        '/Me is not supported: Roster tokens belong to an account, not to a user (RFC 7644 §3.11).',
      ),
    );
  });
  router.use(clientErrors);
  return router;
}

/** body-parser errors that src/http/errors.ts already renders (413, bad JSON, charset). */
const RENDERED_PARSER_ERRORS = new Set([
  'entity.too.large',
  'entity.parse.failed',
  'encoding.unsupported',
  'charset.unsupported',
]);

/**
 * Errors the HTTP layers raise for a bad request rather than a bug, as SCIM errors instead of a
 * 500: a path segment that is not valid percent-encoding (`/Users/%zz`: it can name no user, so
 * 404 like any other invalid id), and a body that cannot be read (a corrupt gzip stream, a body
 * shorter than its Content-Length: http-errors with a 4xx status).
 */
const clientErrors: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
  if (isRosterError(err)) return next(err);
  const e = err as { type?: string; status?: number; expose?: boolean } | undefined;
  if (err instanceof URIError && e?.status === 400) {
    return next(new RosterError('not-found', 'No resource at this path: it is not valid percent-encoding.'));
  }
  if (e?.type !== undefined && RENDERED_PARSER_ERRORS.has(e.type)) return next(err);
  if (e?.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return next(
      new RosterError(
        'invalid-syntax',
        'The request body could not be read (corrupt, truncated or wrongly encoded).',
      ),
    );
  }
  next(err);
};
