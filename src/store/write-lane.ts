import { RosterError } from '../domain';

/**
 * Serialises a tenant's writes inside this process. Used only on stores whose updates are not
 * atomic (FerretDB 1.x): there the conditional updates the guard relies on could interleave, so
 * each tenant's read-decide-write runs alone. On MongoDB the lane is a pass-through and the
 * conditional updates carry the guarantee across processes.
 */
export interface WriteLane {
  run<T>(tenantId: string, work: () => Promise<T>): Promise<T>;
}

export const passThroughLane: WriteLane = { run: (_tenantId, work) => work() };

export interface LaneOptions {
  /**
   * Work that waited longer than this for its turn is dropped unrun: its request, answered 503
   * after the same time (ROSTER_REQUEST_TIMEOUT_MS), has no one left to answer. Unset: never.
   */
  abandonAfterMs?: number | undefined;
  now?: () => number;
}

export function serialisingLane(opts: LaneOptions = {}): WriteLane {
  const tails = new Map<string, Promise<unknown>>();
  const now = opts.now ?? Date.now;
  return {
    run<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(tenantId) ?? Promise.resolve();
      const queued = now();
      const turn = () => {
        assertStillWanted(queued, now(), opts.abandonAfterMs);
        return work();
      };
      const result = previous.then(turn, turn);
      const tail = result.catch(() => undefined);
      tails.set(tenantId, tail);
      void tail.then(() => {
        if (tails.get(tenantId) === tail) tails.delete(tenantId);
      });
      return result;
    },
  };
}

/**
 * At most `limit` of a tenant's listings (counts, pages, scans) at once in this process; the rest
 * wait their turn. A tenant flooding the store with listings then holds a few of its connections,
 * not all of them, and another tenant's reads still find one. Waiters past `abandonAfterMs` are
 * dropped as in the write lane.
 */
export function listingLane(limit: number, opts: LaneOptions = {}) {
  const now = opts.now ?? Date.now;
  const lanes = new Map<string, { running: number; waiting: (() => void)[] }>();

  async function acquire(tenantId: string): Promise<() => void> {
    let lane = lanes.get(tenantId);
    if (!lane) lanes.set(tenantId, (lane = { running: 0, waiting: [] }));
    if (lane.running >= limit) {
      const queued = now();
      await new Promise<void>((resolve) => lane!.waiting.push(resolve));
      try {
        assertStillWanted(queued, now(), opts.abandonAfterMs);
      } catch (err) {
        release(tenantId, lane);
        throw err;
      }
    } else lane.running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release(tenantId, lane!);
    };
  }

  /** Hands the slot to the next waiter (it stays counted), or frees it. */
  function release(tenantId: string, lane: { running: number; waiting: (() => void)[] }): void {
    const next = lane.waiting.shift();
    if (next) return next();
    lane.running -= 1;
    if (lane.running === 0) lanes.delete(tenantId);
  }

  return {
    async run<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
      const done = await acquire(tenantId);
      try {
        return await work();
      } finally {
        done();
      }
    },
    /** An iteration that holds one slot from its first document to its end (or its abandonment). */
    async *iterate<T>(
      tenantId: string,
      source: () => AsyncIterable<T> | Promise<AsyncIterable<T>>,
    ): AsyncIterable<T> {
      const done = await acquire(tenantId);
      try {
        yield* await source();
      } finally {
        done();
      }
    },
  };
}

export type ListingLane = ReturnType<typeof listingLane>;

function assertStillWanted(queued: number, at: number, abandonAfterMs: number | undefined): void {
  if (abandonAfterMs !== undefined && at - queued > abandonAfterMs) {
    throw new RosterError(
      'store-unavailable',
      `This request waited over ${abandonAfterMs} ms for its turn and was dropped; retry it.`,
    );
  }
}
