import { RosterError } from '../domain';
import { causesOf } from './error-causes';
import { isStoreOutOfSpace, STORE_FULL_DETAIL, STORE_FULL_RETRY_AFTER_SECONDS } from './store-full';

/**
 * Which driver failures mean "the store cannot be reached now" (docs/store.md, Store outages):
 * knowledge of the driver, so it lives with the store. The request may be retried
 * as it was (the guard's ordering and document versions make a retried write safe), so the
 * client gets 503 with Retry-After, which Okta and Entra both honour. Everything else that the
 * store throws is a bug and stays a 500.
 *
 * Matched by name rather than `instanceof`: the pool errors are not exported by the driver, and a
 * second copy of the driver in node_modules would defeat `instanceof`.
 */
const UNREACHABLE_NAMES: ReadonlySet<string> = new Set([
  'MongoServerSelectionError', // no server answered within serverSelectionTimeoutMS
  'MongooseServerSelectionError', // the same, from mongoose's initial connect
  'MongoNetworkError', // the socket closed or failed mid-operation
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError', // the pool was reset after a network error; queued operations fail
  'PoolClearedOnNetworkError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError', // every pooled connection busy for too long
  'MongoNotConnectedError',
  'MongoTopologyClosedError', // the client is closing (shutdown)
  'MongoClientClosedError',
  'MongoServerClosedError',
  'MongoOperationTimeoutError',
  'MongoStalePrimaryError',
]);

/**
 * Server error codes of a replica set changing primary or shutting down: the driver's own
 * list of retryable read/write codes (mongodb/src/error.ts, RETRYABLE_READ_ERROR_CODES).
 */
const RETRYABLE_CODES: ReadonlySet<number> = new Set([
  6, 7, 89, 91, 134, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436,
]);

/** mongoose's answer to an operation on a connection closed with `close(true)`. */
const FORCE_CLOSED = 'Connection was force closed';

/**
 * Socket-level failures as the driver words them when it wraps them in a class not listed above
 * (seen once in CI as a 500 during a store restart, the class unrecorded): only for errors the
 * driver or mongoose raised, never for our own.
 */
const SOCKET_FAILURE =
  /\b(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket (hang up|closed)|connection( \d+)? (to .* )?closed|not connected)\b/i;

/**
 * Node's own socket errors, which the driver sometimes lets through unwrapped (a write on a socket
 * the killed store had closed: a plain Error, code EPIPE). Nothing else in a request talks to a socket.
 */
const SOCKET_ERRNO: ReadonlySet<string> = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT']);

export function isStoreUnreachable(err: unknown): boolean {
  for (const e of causesOf(err)) {
    if (typeof e.name === 'string' && UNREACHABLE_NAMES.has(e.name)) return true;
    if (e.name === 'MongooseError' && e.message === FORCE_CLOSED) return true;
    if (typeof e.code === 'string' && SOCKET_ERRNO.has(e.code)) return true;
    if (
      typeof e.name === 'string' &&
      /^Mongo/.test(e.name) &&
      typeof e.message === 'string' &&
      SOCKET_FAILURE.test(e.message)
    )
      return true;
    if (typeof e.code === 'number' && e.name === 'MongoServerError' && RETRYABLE_CODES.has(e.code))
      return true;
    if (typeof e.hasErrorLabel === 'function' && e.hasErrorLabel('RetryableWriteError') === true) return true;
  }
  return false;
}

/**
 * The typed error for a driver failure that means the store is unreachable (`store-unavailable`)
 * or up but unable to write (`store-full`, src/store/store-full.ts), or undefined for any other
 * error (a bug, which must stay a 500). Callers map the kinds.
 */
export function storeUnavailableError(err: unknown): RosterError | undefined {
  if (isStoreOutOfSpace(err)) {
    return new RosterError('store-full', STORE_FULL_DETAIL, {
      retryAfterSeconds: STORE_FULL_RETRY_AFTER_SECONDS,
    });
  }
  if (!isStoreUnreachable(err)) return undefined;
  return new RosterError('store-unavailable', 'The user store is unavailable; retry shortly.');
}
