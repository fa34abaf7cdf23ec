import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Passport } from 'passport';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { RosterError } from '../domain';
import type { Scope, TokenInfo, TokenStore } from '../store';

/** Who is calling: the token's tenant, name and scopes. The tenant comes from the token only. */
export type Principal = TokenInfo;

/**
 * Bearer authentication (passport-http-bearer), one Passport instance per app so tests and
 * several apps in one process don't share strategies. Failures go through the error table, so
 * a SCIM client gets a SCIM 401 with `WWW-Authenticate: Bearer` rather than passport's plain text.
 */
export function authenticate(tokens: TokenStore): RequestHandler {
  const passport = new Passport();
  passport.use(
    new BearerStrategy((secret, done) => {
      tokens.authenticate(secret).then(
        (principal) => done(null, principal ?? false),
        (err: unknown) => done(err),
      );
    }),
  );
  return (req: Request, res: Response, next: NextFunction) => {
    // passport-http-bearer would also take ?access_token= (RFC 6750 §2.3); a secret in a URL ends
    // up in proxy and browser logs, so Roster only accepts the Authorization header.
    if (req.query['access_token'] !== undefined) {
      return next(
        new RosterError(
          'unauthenticated',
          'Send the token in the Authorization header (Authorization: Bearer <token>), never in the URL.',
        ),
      );
    }
    passport.authenticate('bearer', { session: false }, (err: unknown, principal: Principal | false) => {
      if (err) return next(err);
      if (!principal) {
        return next(
          new RosterError(
            'unauthenticated',
            'A valid bearer token is required (Authorization: Bearer <token>); the token given is missing, unknown or revoked.',
          ),
        );
      }
      res.locals.principal = principal;
      next();
    })(req, res, next);
  };
}

/**
 * The bearer secret in the Authorization header, the only place Roster accepts it. For callers
 * that must tell tokens apart before any store lookup (the rate limiter).
 */
export function presentedSecret(req: Request): string | undefined {
  const parts = req.get('Authorization')?.split(' ');
  return parts?.length === 2 && /^Bearer$/i.test(parts[0]!) && parts[1] ? parts[1] : undefined;
}

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('principalOf called on a route without authenticate()');
  return principal;
}

export function requireScope(scope: Scope): RequestHandler {
  return (_req, res, next) => {
    const { scopes, name } = principalOf(res);
    if (scopes.includes(scope)) return next();
    next(new RosterError('forbidden', `Token "${name}" lacks the scope "${scope}" this request needs.`));
  };
}
