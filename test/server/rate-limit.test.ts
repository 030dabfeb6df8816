import { describe, expect, it } from 'vitest';

import { RateLimiter } from '../../src/server/rate-limit.js';

describe('RateLimiter', () => {
  it('grants the burst at once, then one request per refill interval', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1);
    now += 1_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
  });

  it('says how many seconds to wait for the next token', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 6, burst: 1 }, () => now);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(10);
    now += 4_000;
    expect(limiter.take('a')).toBe(6);
  });

  it('keeps a bucket per key', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 1 }, () => 0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('b')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('peeks without taking a token', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 1 }, () => 0);
    expect(limiter.peek('a')).toBe(0);
    expect(limiter.peek('a')).toBe(0);
    limiter.take('a');
    expect(limiter.peek('a')).toBe(1);
  });

  it('never refills past the burst, however long a key was idle', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 600, burst: 2 }, () => now);
    now += 3_600_000;
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([0, 0, 1]);
  });
});
