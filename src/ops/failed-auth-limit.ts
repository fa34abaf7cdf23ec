import type { Request, RequestHandler } from 'express';
import { RosterError } from '../domain';
import { answeredErrorKind } from '../http/errors';
import { peek, recentBuckets, take, type BucketLimits } from './token-bucket';

/** Addresses tracked at most, least recently failed forgotten first (a forgotten one comes back full). */
const MAX_TRACKED_ADDRESSES = 10_000;

/**
 * Per-client-address limit on failed authentications: a request that presents a credential from
 * an address whose failures are over the limit is answered 429 + Retry-After before any lookup.
 * A 401 to a request that presented one counts as a failure. The address is the socket's (Roster
 * does not trust X-Forwarded-For, which any client can write); an IPv6 client counts by its /64,
 * which one host can fill with addresses. Behind a reverse proxy every client has the proxy's
 * address, and the limit is theirs together (README, Limits).
 *
 * Tokens are 256 random bits, so guessing one was never the risk; an unbounded stream of unknown
 * tokens costs a store lookup each, and the per-token limit cannot see it (every guess is a new
 * token). Defaults (config): 20 failures at once, an IdP with a mistyped token retrying a few
 * times, then one more every 5 s.
 */
export function failedAuthLimit(limits: BucketLimits, now: () => number = Date.now): RequestHandler {
  const buckets = recentBuckets(MAX_TRACKED_ADDRESSES);
  return (req, res, next) => {
    if (limits.burst === 0 || !presentsCredential(req)) return next();
    const address = clientKey(req.socket.remoteAddress ?? '');
    const bucket = buckets.get(address);
    if (bucket !== undefined) {
      const result = peek(bucket, limits, now());
      if (!result.allowed) {
        return next(
          new RosterError(
            'rate-limited',
            `Too many failed authentications from this address; retry after ${result.retryAfterSeconds} s with a valid token.`,
            { retryAfterSeconds: result.retryAfterSeconds },
          ),
        );
      }
    }
    res.once('finish', () => {
      if (answeredErrorKind(res) !== 'unauthenticated') return;
      // Used on every failure, so the least recently failed address is the one forgotten.
      take(buckets.use(address, limits, now()), limits, now());
    });
    next();
  };
}

function presentsCredential(req: Request): boolean {
  return req.headers.authorization !== undefined || /[?&]access_token=/.test(req.originalUrl);
}

/** An IPv4 address (IPv4-mapped IPv6 included) as itself; an IPv6 address by its first 64 bits. */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
