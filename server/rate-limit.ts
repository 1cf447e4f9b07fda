// A token bucket per key (a device, or an address for enrolment attempts): `burst` requests at
// once, refilled at `perMinute`. Time comes from the injected clock so tests need not sleep.
import type { Clock } from '../shared/clock.ts';

export interface RateLimit {
  /** Requests a key may make at once. */
  burst: number;
  /** Steady rate the bucket refills at. */
  perMinute: number;
}

export const defaultRateLimit: RateLimit = { burst: 30, perMinute: 60 };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  take(key: string): RateDecision;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

// Buckets of idle keys are full and carry no information; past this many, forget those.
const pruneAbove = 10_000;

export function createRateLimiter(limit: RateLimit, clock: Clock): RateLimiter {
  if (!(limit.burst >= 1 && limit.perMinute > 0)) {
    throw new RangeError(`rate limit needs burst >= 1 and perMinute > 0, got ${JSON.stringify(limit)}`);
  }
  const perMs = limit.perMinute / 60_000;
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, nowMs: number) => {
    bucket.tokens = Math.min(limit.burst, bucket.tokens + Math.max(0, nowMs - bucket.updatedMs) * perMs);
    bucket.updatedMs = nowMs;
  };

  return {
    take(key) {
      const nowMs = clock().getTime();
      if (buckets.size > pruneAbove) {
        for (const [k, b] of buckets) {
          refill(b, nowMs);
          if (b.tokens >= limit.burst) buckets.delete(k);
        }
      }
      const bucket = buckets.get(key) ?? { tokens: limit.burst, updatedMs: nowMs };
      buckets.set(key, bucket);
      refill(bucket, nowMs);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}
