import { describe, expect, it } from 'vitest';
import { type BudgetOptions, countingInstant, decideBudget, prunesStale } from './rate-budget.js';

const OPTIONS: BudgetOptions = { limit: 3, window_ms: 1000 };
const at = (ms: number) => new Date(ms);

/** The sliding log kept in memory, with the same decision `acquire` makes in the database. */
function simulate(requests: number[], options: BudgetOptions): number[] {
  const grants: number[] = [];
  for (const t of requests) {
    const inWindow = grants.filter((g) => g > t - options.window_ms);
    const oldest = inWindow[0];
    const state = {
      hits: inWindow.length,
      oldest_at: oldest === undefined ? null : at(oldest).toISOString(),
      paused_until: null,
    };
    if (decideBudget(state, at(t), options).granted) grants.push(t);
  }

  return grants;
}

/** The most grants found in any span of `window_ms`. */
function busiestWindow(grants: number[], window_ms: number): number {
  return Math.max(
    0,
    ...grants.map((t) => grants.filter((g) => g > t - window_ms && g <= t).length),
  );
}

describe('decideBudget', () => {
  it('grants while fewer than limit grants fall in the window', () => {
    const state = { hits: 2, oldest_at: at(100).toISOString(), paused_until: null };

    expect(decideBudget(state, at(500), OPTIONS)).toEqual({ granted: true });
  });

  it('refuses at the limit until the oldest grant leaves the window', () => {
    const state = { hits: 3, oldest_at: at(100).toISOString(), paused_until: null };

    expect(decideBudget(state, at(500), OPTIONS)).toEqual({ granted: false, wait_ms: 600 });
  });

  it('refuses during a Retry-After pause however empty the window', () => {
    const state = { hits: 0, oldest_at: null, paused_until: at(5000).toISOString() };

    expect(decideBudget(state, at(2000), OPTIONS)).toEqual({ granted: false, wait_ms: 3000 });
    expect(decideBudget(state, at(5000), OPTIONS)).toEqual({ granted: true });
  });

  it('never lets a burst across a window boundary exceed the limit', () => {
    // A fixed window would grant 3 at 990-999 and 3 more at 1000-1009: 6 within 20 ms.
    const requests = [990, 995, 999, 1000, 1005, 1009, 1989, 1990, 1995, 2000];
    const grants = simulate(requests, OPTIONS);

    expect(grants).toEqual([990, 995, 999, 1990, 1995, 2000]);
    expect(busiestWindow(grants, OPTIONS.window_ms)).toBe(3);
  });

  it('holds the limit in every window under random traffic', () => {
    const requests = Array.from({ length: 2000 }, () => Math.floor(Math.random() * 20_000));
    const grants = simulate(
      requests.sort((a, b) => a - b),
      { limit: 10, window_ms: 1000 },
    );

    expect(busiestWindow(grants, 1000)).toBe(10);
  });
});

describe('countingInstant', () => {
  it('is the clock, unless the clock is behind the newest grant', () => {
    expect(countingInstant(at(500), null)).toEqual(at(500));
    expect(countingInstant(at(500), at(400).toISOString())).toEqual(at(500));
    expect(countingInstant(at(500), at(600).toISOString())).toEqual(at(600));
  });
});

describe('prunesStale', () => {
  it('waits until the oldest stored row is a window older than the window start', () => {
    // Window 1000, counted at 5000: the window starts at 4000, pruning at 3000 or before.
    expect(prunesStale(null, at(5000), 1000)).toBe(false);
    expect(prunesStale(at(3001).toISOString(), at(5000), 1000)).toBe(false);
    expect(prunesStale(at(3000).toISOString(), at(5000), 1000)).toBe(true);
  });
});
