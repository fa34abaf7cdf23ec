/**
 * Independent store calls of one write, sent at once so the request waits for one round trip
 * instead of one per call. Every call is waited for, failed or not, before the caller goes on:
 * a failure never leaves a write still running after its request has been answered, and the
 * caller's rollback sees every call's outcome. The first failure in the order given is thrown.
 */
export async function settleTogether<T extends readonly unknown[]>(
  ...calls: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const outcomes = await Promise.allSettled(calls);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((o) => (o as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
