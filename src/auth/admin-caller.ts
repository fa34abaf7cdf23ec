import type { RequestHandler } from 'express';
import type { SessionLimits } from '../config';
import { authenticate, requireScope, type Principal } from '../http/auth';
import type { Store } from '../store';
import { checkCsrf, signedInPerson } from './session-person';

/**
 * Who may call /api/v1: a bearer token with scope `admin`, or a person signed in to the page,
 * who answers as an admin token of their own account (the tenant comes from the session only).
 * A request with an Authorization header is a token request, whatever cookie it also carries.
 */
export function adminCaller(store: Store, limits: SessionLimits, now: () => number): RequestHandler {
  const bearer = authenticate(store.tokens);
  const admin = requireScope('admin');
  const byToken: RequestHandler = (req, res, next) =>
    bearer(req, res, (err?: unknown) => (err ? next(err) : admin(req, res, next)));
  return (req, res, next) => {
    if (req.get('Authorization') !== undefined) return byToken(req, res, next);
    signedInPerson(req, store, limits, now)
      .then((person) => {
        if (!person) return byToken(req, res, next);
        checkCsrf(req);
        const principal: Principal = {
          id: `session:${person.userId}`,
          tenantId: person.tenantId,
          name: person.userName,
          scopes: ['admin'],
          created: new Date(req.session.signedInAt ?? now()),
          person: { id: person.userId, userName: person.userName },
        };
        res.locals.principal = principal;
        next();
      })
      .catch(next);
  };
}
