import { Router } from 'express';
import type { Readiness } from '../store';

/**
 * /healthz: the process is alive. /readyz: the store answers (and can write), so requests can be
 * served; otherwise 503 saying why, with the detail an operator acts on.
 */
export function healthRouter(readiness: () => Promise<Readiness>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const state = await readiness();
    if (state.ready) res.json({ status: 'ready' });
    else res.status(503).json({ status: state.reason, detail: state.detail });
  });
  return router;
}
