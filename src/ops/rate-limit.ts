import type { RequestHandler } from 'express';
import { RosterError } from '../domain';
import { presentedSecret } from '../http/auth';
import { hashToken } from '../store';
import { recentBuckets, take, type BucketLimits } from './token-bucket';

/**
 * Buckets kept at most; past it the least recently used is forgotten. A forgotten bucket comes
 * back full, so the cap can only make the limit more lenient, and only for a caller cycling
 * through more tokens than this (unknown ones included) between two requests of one token.
 */
const MAX_TRACKED_TOKENS = 10_000;

/**
 * Per-token rate limit: a token bucket per presented token, in this process's memory. Keyed by
 * the token's hash (its id in the store), computed from the request itself, so a flood is turned
 * away before it costs a token lookup. Requests without a token pass: they are refused (401)
 * without touching the store. Answered 429 with Retry-After, which Entra honours by pausing the
 * provisioning job that long.
 */
export function rateLimit(limits: BucketLimits, now: () => number = Date.now): RequestHandler {
  const buckets = recentBuckets(MAX_TRACKED_TOKENS);
  return (req, _res, next) => {
    const secret = presentedSecret(req);
    if (limits.ratePerSecond === 0 || secret === undefined) return next();
    const key = hashToken(secret);
    const result = take(buckets.use(key, limits, now()), limits, now());
    if (result.allowed) return next();
    next(
      new RosterError(
        'rate-limited',
        `Too many requests for this token (limit ${limits.ratePerSecond}/s, bursts of ${limits.burst}); retry after ${result.retryAfterSeconds} s.`,
        { retryAfterSeconds: result.retryAfterSeconds },
      ),
    );
  };
}
