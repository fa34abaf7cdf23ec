import express, { Router, type Request } from 'express';
import { RosterError } from '../../domain/errors';
import { authenticate } from '../../http/auth';
import type { Store } from '../../store';
import { discoveryRouter } from './discovery';
import { usersRouter } from './users-router';

/** SCIM bodies above this are refused with 413 before they are parsed. */
export const SCIM_MAX_BODY_BYTES = 1024 * 1024;
const JSON_TYPES = ['application/scim+json', 'application/json'];

/**
 * /scim/v2. Authentication runs first (nothing is parsed for an unknown caller), then the body
 * parser, then the resources. Discovery needs a token too, like everything else under /scim.
 */
export function scimRouter(store: Store): Router {
  const router = Router();
  const baseUrl = (req: Request) => `${req.protocol}://${req.get('host')}${req.baseUrl}`;

  router.use(authenticate(store.tokens));
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
  router.use(discoveryRouter(baseUrl));
  router.use(usersRouter(store, baseUrl));
  router.all(['/Bulk', '/Groups', '/Groups/*rest', '/Me'], (req, _res, next) => {
    next(new RosterError('not-found', `${req.path} is not implemented by this server yet.`));
  });
  return router;
}
