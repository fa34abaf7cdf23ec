import type { RequestHandler } from 'express';
import { clientKey } from '../ops/failed-auth-limit';
import { recentBuckets, take, type BucketLimits } from '../ops/token-bucket';
import { sendSignInPage } from './auth-pages';

/**
 * Sign-in starts per client address. Each `GET /auth/login` of an account with company sign-in
 * stores a session (its state, nonce and PKCE verifier) and asks the IdP's discovery document,
 * before anyone has proved anything, so an unbounded stream of starts would fill the store and
 * hammer the IdP. A person starts a few; a script is held to the refill rate. Same address rule
 * as the failed-authentication limit (the socket's address, an IPv6 client by its /64).
 */
export const SIGN_IN_STARTS: BucketLimits = { burst: 30, ratePerSecond: 0.5 };

/** Addresses tracked at most, least recently seen forgotten first (a forgotten one comes back full). */
const MAX_TRACKED_ADDRESSES = 10_000;

export function signInStartLimit(
  limits: BucketLimits = SIGN_IN_STARTS,
  now: () => number = Date.now,
): RequestHandler {
  const buckets = recentBuckets(MAX_TRACKED_ADDRESSES);
  return (req, res, next) => {
    if (req.method !== 'GET' || req.path !== '/login') return next();
    const address = clientKey(req.socket.remoteAddress ?? '');
    const result = take(buckets.use(address, limits, now()), limits, now());
    if (result.allowed) return next();
    res.set('Retry-After', String(result.retryAfterSeconds));
    sendSignInPage(
      res,
      429,
      'Too many sign-in attempts',
      `This address started more sign-ins than a person would. Wait ${result.retryAfterSeconds} s, then sign in again.`,
    );
  };
}
