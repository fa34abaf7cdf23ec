import type { RequestHandler } from 'express';
import { RosterError } from '../../domain';

/**
 * Every SCIM endpoint and the methods it answers, checked before the body is read: an unknown
 * path is 404 and a method the endpoint does not answer is 405 (with Allow, RFC 9110 §15.5.6)
 * whatever the body is, so a read-only discovery endpoint never answers 400 or 415 to a body it
 * would not have read anyway. The routers own what each endpoint does; this owns which exist.
 */
const READ = ['GET', 'HEAD'];
const ID = '[^/]+';
const ENDPOINTS: readonly { path: RegExp; methods: readonly string[]; readOnly?: true }[] = [
  ...['ServiceProviderConfig', 'ResourceTypes', `ResourceTypes/${ID}`, 'Schemas', `Schemas/${ID}`].map(
    (path) => ({ path: endpoint(path), methods: READ, readOnly: true as const }),
  ),
  ...['Users', 'Groups'].flatMap((resource) => [
    { path: endpoint(resource), methods: [...READ, 'POST'] },
    { path: endpoint(`${resource}/\\.search`), methods: ['POST'] },
    { path: endpoint(`${resource}/${ID}`), methods: [...READ, 'PUT', 'PATCH', 'DELETE'] },
  ]),
  { path: endpoint('\\.search'), methods: ['POST'] },
  { path: endpoint('Bulk'), methods: ['POST'] },
  // RFC 7644 §3.11: answered 501 whatever the method (scim-router.ts).
  { path: endpoint('Me'), methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] },
];

/** Express matches paths ignoring case and a trailing slash; so does this. */
function endpoint(path: string): RegExp {
  return new RegExp(`^/${path}/?$`, 'i');
}

export const refuseUnknownEndpoints: RequestHandler = (req, res, next) => {
  // Preflights are answered by the CORS layer or express itself, as before.
  if (req.method === 'OPTIONS') return next();
  const found = ENDPOINTS.find((e) => e.path.test(req.path));
  if (!found) return next(new RosterError('not-found', `No SCIM endpoint at ${req.path}.`));
  if (found.methods.includes(req.method)) return next();
  res.set('Allow', found.methods.join(', '));
  const detail = found.readOnly
    ? `${req.path} is read-only (RFC 7644 §4); use GET.`
    : `${req.path} does not answer ${req.method}; it answers ${found.methods.join(', ')}.`;
  next(new RosterError('method-not-allowed', detail));
};
