import type { RequestHandler } from 'express';

/** What the API answers (JSON, SCIM, metrics, health): nothing in it may load or frame anything. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The Manage Team page: its own scripts, styles and API only; no inline script (a token lives in
 * the page, so an injected script must not run), no plugins, never framed.
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const API_PREFIXES = ['/scim/', '/api/', '/metrics', '/healthz', '/readyz'];

/**
 * The few headers every response needs, set here rather than through helmet: the set is small
 * and fixed, and each one is a decision this file documents. API answers carry tokens' results,
 * so no cache may keep them.
 */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    if (API_PREFIXES.some((prefix) => req.path.startsWith(prefix))) {
      res.set({ 'Content-Security-Policy': API_POLICY, 'Cache-Control': 'no-store' });
    } else {
      res.set('Content-Security-Policy', PAGE_POLICY);
    }
    next();
  };
}
