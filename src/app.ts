import express, { type Express } from 'express';
import type { Config } from './config';
import { authenticate, requireScope, singleAuthorization } from './http/auth';
import { cors } from './http/cors';
import { errorHandler, notFoundHandler } from './http/errors';
import { healthRouter } from './http/health';
import { jsonDepthLimit } from './http/json-depth';
import { requestLogger } from './http/request-log';
import { securityHeaders } from './http/security-headers';
import { webRouter } from './http/web';
import type { Logger } from './log';
import { adminRouter } from './admin/admin-router';
import { adminCaller } from './auth/admin-caller';
import { authRoutes } from './auth/auth-routes';
import { relyingParty } from './auth/relying-party';
import { signInStartLimit } from './auth/sign-in-start-limit';
import { webSessions } from './auth/web-session';
import { setPublicUrl } from './http/public-url';
import { httpMetrics } from './ops/http-metrics';
import { failedAuthLimit } from './ops/failed-auth-limit';
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
  /** ms since the epoch; tests inject one to expire sessions without waiting. */
  now?: () => number;
  /**
   * The metrics the store was opened with (`metrics.store` as its observer, so refusals count);
   * when absent the app makes its own, which counts requests but hears no refusals.
   */
  metrics?: Metrics | undefined;
}

/** Assembles the HTTP app in the order a request meets it. Never listens, never reads env. */
export function buildApp({ config, store, log, now = Date.now, metrics: given }: AppDeps): Express {
  const app = express();
  setPublicUrl(app, config.publicUrl);
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
  // Before anything reads a credential: one Authorization header, and an address that keeps
  // presenting unknown tokens is turned away before each costs a lookup.
  app.use(singleAuthorization());
  app.use(
    failedAuthLimit({
      burst: config.limits.authFailureBurst,
      ratePerSecond: 1 / config.limits.authFailureRefillSeconds,
    }),
  );

  app.use(healthRouter(() => store.readiness()));
  const adminOnly = [authenticate(store.tokens), requireScope('admin')];
  app.use(metricsRouter(metrics, config.metricsPublic ? [] : adminOnly));

  // One limiter for both APIs: a token's requests draw from one bucket whichever it calls.
  const limits = [rateLimit(config.limits), jsonDepthLimit()];
  app.use('/scim/v2', routePrefix('/scim/v2'), ...limits, scimRouter(store));
  // Sessions (the page's sign-in) are loaded on /auth and /api/v1 only: /scim/v2 never sees one.
  const sessions = webSessions(config, store, now);
  app.use(
    '/auth',
    routePrefix('/auth'),
    // Before the session: a refused start stores nothing.
    signInStartLimit(undefined, now),
    sessions,
    authRoutes({ config, store, log, relyingParty: relyingParty(now), now }),
  );
  app.use(
    '/api/v1',
    routePrefix('/api/v1'),
    ...limits,
    sessions,
    adminRouter(store, [adminCaller(store, config.sessions, now)]),
  );
  // The Manage Team page and its files, after the APIs so no API request looks on the disk.
  app.use(webRouter());

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
