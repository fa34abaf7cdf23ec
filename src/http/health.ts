import { Router } from 'express';

/** /healthz: the process is alive. /readyz: the store answers, so requests can be served. */
export function healthRouter(ping: () => Promise<boolean>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ready = await ping();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'store unavailable' });
  });
  return router;
}
