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

export function serialisingLane(): WriteLane {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(tenantId) ?? Promise.resolve();
      const result = previous.then(work, work);
      const tail = result.catch(() => undefined);
      tails.set(tenantId, tail);
      void tail.then(() => {
        if (tails.get(tenantId) === tail) tails.delete(tenantId);
      });
      return result;
    },
  };
}
