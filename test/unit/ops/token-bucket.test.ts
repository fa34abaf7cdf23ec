import { fullBucket, take } from '../../../src/ops/token-bucket';

describe('token bucket', () => {
  const limits = { ratePerSecond: 2, burst: 3 };

  it('allows a burst, then refuses with the seconds until the next token', () => {
    const bucket = fullBucket(limits, 0);
    expect([1, 2, 3].map(() => take(bucket, limits, 0).allowed)).toEqual([true, true, true]);
    expect(take(bucket, limits, 0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the sustained rate, never above the burst', () => {
    const bucket = fullBucket(limits, 0);
    for (let i = 0; i < 3; i += 1) take(bucket, limits, 0);
    expect(take(bucket, limits, 499).allowed).toBe(false);
    expect(take(bucket, limits, 500).allowed).toBe(true);
    // A long idle time gives back the burst, not more.
    expect([1, 2, 3, 4].map(() => take(bucket, limits, 60_000).allowed)).toEqual([true, true, true, false]);
  });

  it('rounds Retry-After up to whole seconds, and never says 0', () => {
    const slow = { ratePerSecond: 0.1, burst: 1 };
    const bucket = fullBucket(slow, 0);
    take(bucket, slow, 0);
    expect(take(bucket, slow, 1000)).toEqual({ allowed: false, retryAfterSeconds: 9 });
    const fast = { ratePerSecond: 1000, burst: 1 };
    const other = fullBucket(fast, 0);
    take(other, fast, 0);
    expect(take(other, fast, 0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('is not fooled by a clock that goes backwards', () => {
    const bucket = fullBucket(limits, 10_000);
    for (let i = 0; i < 3; i += 1) take(bucket, limits, 10_000);
    expect(take(bucket, limits, 0).allowed).toBe(false);
  });
});
