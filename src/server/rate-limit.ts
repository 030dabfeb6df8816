import type { RateLimit } from '../config/config.js';

/**
 * Token buckets by key (a principal, or a client address): each holds up to `burst` tokens
 * and refills at `perMinute`. Buckets that have refilled completely are forgotten, so memory
 * follows the clients active in the last few minutes, not every client ever seen.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  private sweptAt: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: () => number = Date.now,
  ) {
    this.perMs = limit.perMinute / 60_000;
    this.sweptAt = clock();
  }

  /** Takes a token for the key; returns 0 when granted, else the seconds until one is free. */
  take(key: string): number {
    const bucket = this.refilled(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.retryAfter(bucket.tokens);
  }

  /** Seconds until the key has a token, without taking one; 0 when it has one now. */
  peek(key: string): number {
    const bucket = this.refilled(key);
    return bucket.tokens >= 1 ? 0 : this.retryAfter(bucket.tokens);
  }

  private refilled(key: string): { tokens: number; at: number } {
    const now = this.clock();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  private retryAfter(tokens: number): number {
    return Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }

  private sweep(now: number): void {
    const fullAfterMs = this.limit.burst / this.perMs;
    if (now - this.sweptAt < Math.min(fullAfterMs, 60_000)) return;
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) {
      const full = bucket.tokens + (now - bucket.at) * this.perMs >= this.limit.burst;
      if (full) this.buckets.delete(key);
    }
  }
}
