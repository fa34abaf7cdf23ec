import type { RequestHandler } from 'express';

/** Headers a browser client sends to Roster's APIs, and those it may read back. */
const ALLOWED_HEADERS = 'Authorization, Content-Type, If-Match, X-Request-Id';
const EXPOSED_HEADERS = 'ETag, Location, Retry-After, X-Request-Id';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Cross-origin access for the configured origins only; an origin not listed gets no CORS header
 * at all, so the browser keeps its same-origin rule. Credentials are bearer tokens the calling
 * page sends itself, never cookies, so Access-Control-Allow-Credentials is never set.
 * Preflights are answered here, before authentication: a browser sends them without a token.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    // Whether the headers below are sent depends on Origin, for every response a cache might keep.
    res.vary('Origin');
    const origin = req.get('Origin');
    if (origin === undefined || !allowed.has(origin)) return next();
    res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED_HEADERS });
    if (req.method === 'OPTIONS' && req.get('Access-Control-Request-Method') !== undefined) {
      res.set({
        'Access-Control-Allow-Methods': ALLOWED_METHODS,
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
      });
      return void res.status(204).end();
    }
    next();
  };
}
