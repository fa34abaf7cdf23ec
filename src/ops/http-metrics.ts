import type { RequestHandler } from 'express';
import { answeredErrorKind } from '../http/errors';
import type { Metrics } from './metrics';
import { routeLabel } from './route-label';

/** Counts and times every answered request, and what its error response (if any) said. */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      metrics.observeRequest({
        method: req.method,
        route: routeLabel(req, res),
        status: res.statusCode,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
      const kind = answeredErrorKind(res);
      if (kind !== undefined) metrics.observeError(kind);
    });
    next();
  };
}
