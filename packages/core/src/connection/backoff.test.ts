import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from './backoff.js';

describe('backoff (full jitter)', () => {
  it('doubles the ceiling per attempt from the base up to the cap', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffCeiling(n));
    expect(ceilings).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('honours custom base and cap', () => {
    const o = { minDelayMs: 200, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((n) => backoffCeiling(n, o))).toEqual([200, 400, 800, 1000, 1000]);
  });

  it('draws uniformly between 0 and the ceiling', () => {
    expect(backoffDelay(3, {}, () => 0)).toBe(0);
    expect(backoffDelay(3, {}, () => 0.5)).toBe(4000);
    expect(backoffDelay(3, {}, () => 0.999999)).toBe(7999);
    expect(backoffDelay(50, {}, () => 0.5)).toBe(15000);
  });

  it('stays within [0, ceiling) with the real random source and never overflows', () => {
    for (let attempt = 0; attempt < 2000; attempt += 7) {
      const d = backoffDelay(attempt);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(backoffCeiling(attempt));
      expect(Number.isFinite(d)).toBe(true);
    }
  });
});
