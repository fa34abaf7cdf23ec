/**
 * A token bucket: `burst` requests at once, refilled at `ratePerSecond`. Pure arithmetic over
 * the times it is given, so it is tested without waiting.
 */
export interface BucketLimits {
  readonly ratePerSecond: number;
  readonly burst: number;
}

export interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  at: number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function fullBucket(limits: BucketLimits, now: number): Bucket {
  return { tokens: limits.burst, at: now };
}

/** Takes one token if there is one; otherwise says how long until there is. */
export function take(bucket: Bucket, limits: BucketLimits, now: number): TakeResult {
  const result = peek(bucket, limits, now);
  if (result.allowed) bucket.tokens -= 1;
  return result;
}

/** Whether a token could be taken now, without taking it (the bucket is brought up to date). */
export function peek(bucket: Bucket, limits: BucketLimits, now: number): TakeResult {
  const elapsedSeconds = Math.max(0, now - bucket.at) / 1000;
  bucket.tokens = Math.min(limits.burst, bucket.tokens + elapsedSeconds * limits.ratePerSecond);
  bucket.at = now;
  if (bucket.tokens >= 1) return { allowed: true };
  // Retry-After is in whole seconds (RFC 9110 §10.2.3); never 0, which clients read as "now".
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / limits.ratePerSecond)),
  };
}

/**
 * Buckets by key (a token's hash, a client address), at most `max` of them: using one makes it
 * the most recent, and past `max` the least recently used is forgotten (it comes back full).
 */
export function recentBuckets(max: number) {
  const buckets = new Map<string, Bucket>();
  return {
    get: (key: string): Bucket | undefined => buckets.get(key),
    /** The key's bucket, full when new; re-inserted, so the Map's order is least recently used first. */
    use(key: string, limits: BucketLimits, now: number): Bucket {
      const bucket = buckets.get(key) ?? fullBucket(limits, now);
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > max) buckets.delete(buckets.keys().next().value!);
      return bucket;
    },
  };
}
