import express, { type Express } from 'express';
import type { Config } from './config';
import { authenticate, requireScope } from './http/auth';
import { cors } from './http/cors';
import { errorHandler, notFoundHandler } from './http/errors';
import { healthRouter } from './http/health';
import { jsonDepthLimit } from './http/json-depth';
import { requestLogger } from './http/request-log';
import { securityHeaders } from './http/security-headers';
import { webRouter } from './http/web';
import type { Logger } from './log';
import { adminRouter } from './admin/admin-router';
import { httpMetrics } from './ops/http-metrics';
import { createMetrics, type Metrics } from './ops/metrics';
import { metricsRouter } from './ops/metrics-router';
import { rateLimit } from './ops/rate-limit';
import { requestTimeout } from './ops/request-timeout';
import { routePrefix } from './ops/route-label';
import { scimRouter } from './scim/http/scim-router';
import type { Store } from './store';

export interface AppDeps {
  config: Config;
  store: Store;
  log: Logger;
  /**
   * The metrics the store was opened with (`metrics.store` as its observer, so refusals count);
   * when absent the app makes its own, which counts requests but hears no refusals.
   */
  metrics?: Metrics | undefined;
}

/** Assembles the HTTP app in the order a request meets it. Never listens, never reads env. */
export function buildApp({ config, store, log, metrics: given }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // ETags are meta.version (RFC 7644 §3.14), not express's body hash.
  app.set('etag', false);

  const metrics =
    given ??
    createMetrics({
      embeddedStoreRestarts: () => store.embedded?.restarts ?? 0,
      pendingDeactivations: () => store.users.pendingDeactivations.totals(),
    });
  app.use(requestLogger(log));
  app.use(httpMetrics(metrics));
  app.use(securityHeaders());
  if (config.corsOrigins.length > 0) app.use(cors(config.corsOrigins));
  app.use(requestTimeout(config.limits.requestTimeoutMs));

  app.use(healthRouter(() => store.ping()));
  const adminOnly = [authenticate(store.tokens), requireScope('admin')];
  app.use(metricsRouter(metrics, config.metricsPublic ? [] : adminOnly));

  // One limiter for both APIs: a token's requests draw from one bucket whichever it calls.
  const limits = [rateLimit(config.limits), jsonDepthLimit()];
  app.use('/scim/v2', routePrefix('/scim/v2'), ...limits, scimRouter(store));
  app.use('/api/v1', routePrefix('/api/v1'), ...limits, adminRouter(store));
  // The Manage Team page and its files, after the APIs so no API request looks on the disk.
  app.use(webRouter());

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
