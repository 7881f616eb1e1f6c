import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { acquire } from './acquire.js';
import { recordRetryAfter } from './record-retry-after.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

describe.each(testDialects)('acquire on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('grants exactly the limit to many concurrent acquirers at one instant', async () => {
    const options = { limit: 10, window_ms: 60_000, now: at(0) };
    const decisions = await Promise.all(
      Array.from({ length: 40 }, () => acquire(storage, 'burst', options)),
    );

    expect(decisions.filter((d) => d.granted)).toHaveLength(10);
    expect(decisions.find((d) => !d.granted)).toEqual({ granted: false, wait_ms: 60_000 });
  });

  it('keeps concurrent acquirers within the limit in every rolling window', async () => {
    const limit = 5;
    const window_ms = 1000;
    const grants: number[] = [];
    for (let t = 0; t < 5000; t += 100) {
      const options = { limit, window_ms, now: at(t) };
      const round = await Promise.all([1, 2, 3, 4].map(() => acquire(storage, 'rolling', options)));
      for (const d of round) if (d.granted) grants.push(t);
    }

    const busiest = Math.max(
      ...grants.map((t) => grants.filter((g) => g > t - window_ms && g <= t).length),
    );
    expect(busiest).toBe(limit);
    expect(grants).toHaveLength(25);
  });

  it('counts a request whose clock lags the newest grant at that grant', async () => {
    // Without this, the lagging request would miss grants a later clock already pruned, and a
    // fourth request would land in the window ending at 1000; the next place frees at 1020.
    const options = { limit: 3, window_ms: 1000 };
    for (const t of [0, 10, 20, 1015])
      await acquire(storage, 'lagging', { ...options, now: at(t) });

    expect(await acquire(storage, 'lagging', { ...options, now: at(1000) })).toEqual({
      granted: true,
      at: at(1015),
    });
    expect(await acquire(storage, 'lagging', { ...options, now: at(1000) })).toEqual({
      granted: false,
      wait_ms: 5,
    });
  });

  it('keeps budgets of different keys apart', async () => {
    const options = { limit: 1, window_ms: 1000, now: at(0) };
    await acquire(storage, 'a', options);

    expect(await acquire(storage, 'b', options)).toMatchObject({ granted: true });
    expect(await acquire(storage, 'a', options)).toEqual({ granted: false, wait_ms: 1000 });
  });

  it('pauses every acquirer of a key after a Retry-After, keeping the longer pause', async () => {
    const options = { limit: 100, window_ms: 1000 };
    await recordRetryAfter(storage, 'paused', 30, at(0));
    await recordRetryAfter(storage, 'paused', 5, at(0));

    expect(await acquire(storage, 'paused', { ...options, now: at(1000) })).toEqual({
      granted: false,
      wait_ms: 29_000,
    });
    expect(await acquire(storage, 'paused', { ...options, now: at(30_000) })).toEqual({
      granted: true,
      at: at(30_000),
    });
  });
});
