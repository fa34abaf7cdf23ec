import express, { type Express } from 'express';
import type { Config } from './config';
import { errorHandler, notFoundHandler } from './http/errors';
import { healthRouter } from './http/health';
import { requestLogger } from './http/request-log';
import type { Logger } from './log';
import { adminRouter } from './admin/admin-router';
import { scimRouter } from './scim/http/scim-router';
import type { Store } from './store';

export interface AppDeps {
  config: Config;
  store: Store;
  log: Logger;
}

/** Assembles the HTTP app in the order a request meets it. Never listens, never reads env. */
export function buildApp({ store, log }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // ETags are meta.version (RFC 7644 §3.14), not express's body hash.
  app.set('etag', false);

  app.use(requestLogger(log));
  app.use(healthRouter(() => store.ping()));
  app.use('/scim/v2', scimRouter(store));
  app.use('/api/v1', adminRouter(store));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
