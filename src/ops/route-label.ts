import type { Request, RequestHandler, Response } from 'express';

const prefixes = new WeakMap<Response, string>();

/**
 * Marks requests entering a router mounted at `prefix`. Needed because express forgets a
 * router's mount path (req.baseUrl) when an error leaves the router, before the response is sent.
 */
export function routePrefix(prefix: string): RequestHandler {
  return (_req, res, next) => {
    prefixes.set(res, prefix);
    next();
  };
}

/**
 * The pattern of the route that handled a request (`/scim/v2/Users/:id`), `<prefix>/*` for one
 * refused inside a router before any route matched (no token), `unmatched` for an unknown path.
 */
export function routeLabel(req: Request, res: Response): string {
  const prefix = prefixes.get(res) ?? '';
  const route = req.route as { path: string | string[] } | undefined;
  if (route === undefined) return prefix === '' ? 'unmatched' : `${prefix}/*`;
  return prefix + (Array.isArray(route.path) ? route.path.join('|') : route.path);
}
