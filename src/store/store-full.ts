import { causesOf } from './error-causes';

/**
 * A store that is up but cannot write: its disk is full or its files are read-only. Reads and
 * pings still work, so the "unreachable" classes (src/http/store-errors.ts) miss it and every
 * write became an opaque 500 (issue 16 item 3). It is an outage an operator must fix, not a bug.
 *
 * Matched on what each engine reports: SQLite under FerretDB words it in the message of an
 * `InternalError` (code 1: "database or disk is full (13)", "attempt to write a readonly
 * database (8)"); MongoDB has the code OutOfDiskSpace (14031); WiredTiger and the OS say "No space
 * left on device" / "Read-only file system"; Atlas refuses writes over the quota with code 8000
 * and "over your space quota".
 */
const OUT_OF_SPACE_CODES: ReadonlySet<number> = new Set([14031]);
const OUT_OF_SPACE_NAMES: ReadonlySet<string> = new Set(['OutOfDiskSpace']);
const OUT_OF_SPACE_MESSAGE =
  /database or disk is full|disk is full|no space left on device|ENOSPC|readonly database|read-only file system|EROFS|over your space quota/i;

export function isStoreOutOfSpace(err: unknown): boolean {
  for (const e of causesOf(err)) {
    // Only what the driver raised: our own errors never mention disks.
    if (typeof e.name === 'string' && /^Mongo/.test(e.name)) {
      if (typeof e.code === 'number' && OUT_OF_SPACE_CODES.has(e.code)) return true;
      if (typeof e.codeName === 'string' && OUT_OF_SPACE_NAMES.has(e.codeName)) return true;
      if (typeof e.message === 'string' && OUT_OF_SPACE_MESSAGE.test(e.message)) return true;
    }
  }
  return false;
}

/** A full disk waits for a person, not for a reconnect: a retry every 5 s would only add load. */
export const STORE_FULL_RETRY_AFTER_SECONDS = 60;

/** What a client and an operator are told; the same words in the 503, /readyz and the log. */
export const STORE_FULL_DETAIL =
  "The user store cannot write: its disk is full or its files are read-only. Retry later; an operator must free space on the store's volume (ROSTER_DATA_DIR for the embedded store) or make it writable.";
