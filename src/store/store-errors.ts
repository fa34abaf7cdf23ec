import { RosterError } from '../domain';

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

/** Causes are followed this deep: a store error may be wrapped by the code that met it. */
const MAX_CAUSES = 5;

export function isStoreUnreachable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CAUSES && typeof current === 'object' && current !== null; depth += 1) {
    const e = current as {
      name?: unknown;
      message?: unknown;
      code?: unknown;
      hasErrorLabel?: (label: string) => boolean;
      cause?: unknown;
    };
    if (typeof e.name === 'string' && UNREACHABLE_NAMES.has(e.name)) return true;
    if (e.name === 'MongooseError' && e.message === FORCE_CLOSED) return true;
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
    current = e.cause;
  }
  return false;
}

/**
 * The typed error for a driver failure that means the store is unreachable, or undefined for any
 * other error (a bug, which must stay a 500). Callers map the `store-unavailable` kind.
 */
export function storeUnavailableError(err: unknown): RosterError | undefined {
  if (!isStoreUnreachable(err)) return undefined;
  return new RosterError('store-unavailable', 'The user store is unavailable; retry shortly.');
}
