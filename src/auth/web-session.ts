import type { RequestHandler } from 'express';
import session from 'express-session';
import type { Config } from '../config';
import type { Store } from '../store';
import type { SignInChecks } from './relying-party';

export const SESSION_COOKIE = 'roster_session';

/** The signed-in person, as the session remembers them; re-checked against the store on every request. */
export interface SessionPerson {
  readonly tenantId: string;
  readonly account: string;
  readonly userId: string;
  readonly userName: string;
  readonly displayName: string;
}

declare module 'express-session' {
  interface SessionData {
    /** A sign-in under way: the account and the checks its callback must pass. */
    signIn: { tenantId: string; account: string; checks: SignInChecks };
    person: SessionPerson;
    csrfToken: string;
    /** ms since the epoch, by the app's clock. */
    signedInAt: number;
    lastSeenAt: number;
  }
}

/**
 * express-session for the page's sign-in, mounted on /auth and /api/v1 only (never /scim/v2).
 * The cookie: `roster_session`, HttpOnly, SameSite=Lax, Path=/, Secure when ROSTER_PUBLIC_URL is
 * https (behind a TLS proxy: trusts X-Forwarded-Proto for that). Nothing is stored until a
 * sign-in starts. The signing key is made once per store (store.sessions.cookieSecret).
 */
export function webSessions(config: Config, store: Store, now: () => number): RequestHandler {
  const secure = config.publicUrl?.startsWith('https:') === true;
  const create = () =>
    store.sessions.cookieSecret().then((secret) =>
      session({
        name: SESSION_COOKIE,
        secret,
        store: store.sessions.sessionsFor(config.sessions.idleMs, now),
        resave: false,
        saveUninitialized: false,
        proxy: secure,
        cookie: { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: config.sessions.absoluteMs },
      }),
    );
  // Made on first use; a failed key read (store down) is retried by the next request.
  let middleware: Promise<RequestHandler> | undefined;
  const ready = () =>
    (middleware ??= create().catch((err: unknown) => {
      middleware = undefined;
      throw err;
    }));
  return (req, res, next) => {
    ready().then(
      (handler) => handler(req, res, next),
      (err: unknown) => next(err),
    );
  };
}
