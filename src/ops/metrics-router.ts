import { Router, type RequestHandler } from 'express';
import type { Metrics } from './metrics';

/** GET /metrics in Prometheus' text format, behind `access` (a token with scope admin, by default). */
export function metricsRouter(metrics: Metrics, access: readonly RequestHandler[]): Router {
  const router = Router();
  router.get('/metrics', ...access, async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
