import { describe, expect, it } from 'vitest';
import { nextRunAt } from './next-run-at.js';

const BACKOFF = { base_ms: 1000, cap_ms: 60_000 };
const NOW = new Date('2026-01-01T00:00:00.000Z');
const delay = (attempts: number, random: number, retryAfter?: number) =>
  nextRunAt(attempts, BACKOFF, retryAfter, NOW, () => random).getTime() - NOW.getTime();

describe('nextRunAt', () => {
  it('doubles the ceiling with each attempt, up to the cap', () => {
    const ceilings = [1, 2, 3, 4, 6, 7, 20].map((a) => delay(a, 0.999_999));

    expect(ceilings).toEqual([999, 1999, 3999, 7999, 31_999, 59_999, 59_999]);
  });

  it('spreads retries anywhere from zero to the ceiling (full jitter)', () => {
    expect(delay(3, 0)).toBe(0);
    expect(delay(3, 0.5)).toBe(2000);
  });

  it('stays within bounds for any random draw', () => {
    for (let attempts = 1; attempts < 40; attempts++) {
      const d = delay(attempts, Math.random());
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(BACKOFF.cap_ms);
    }
  });

  it('never comes back before Retry-After, even when jitter draws less', () => {
    expect(delay(1, 0, 30)).toBe(30_000);
    expect(delay(10, 0.9, 120)).toBe(120_000);
  });

  it('keeps the jittered delay when it is already longer than Retry-After', () => {
    expect(delay(7, 0.5, 1)).toBe(30_000);
  });
});
