import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { openStorage } from '../storage/database.js';
import { acquire, acquirePlaces, countCall, recordAnswer } from './acquire.js';
import { lockBudget } from './lock-budget.js';
import { recordRetryAfter } from './record-retry-after.js';
import { writeTransaction } from './write-transaction.js';

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

    expect(await acquire(storage, 'lagging', { ...options, now: at(1000) })).toMatchObject({
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
    expect(await acquire(storage, 'paused', { ...options, now: at(30_000) })).toMatchObject({
      granted: true,
      at: at(30_000),
    });
  });

  it('keeps a request in the window from its answer, not from its grant', async () => {
    // The server counted the slow request on arrival, somewhere up to its answer at 900: a grant
    // at 1000 (a window after the grant) could land within the server's window of it.
    const options = { limit: 1, window_ms: 1000 };
    const slow = await acquire(storage, 'answered', { ...options, now: at(0) });
    if (!slow.granted) throw new Error('the first request is granted');
    await recordAnswer(storage.db, slow.id, at(900));

    expect(await acquire(storage, 'answered', { ...options, now: at(1000) })).toEqual({
      granted: false,
      wait_ms: 900,
    });
    expect(await acquire(storage, 'answered', { ...options, now: at(1900) })).toMatchObject({
      granted: true,
    });
  });

  it('counts a request made without asking, so acquirers leave room for it', async () => {
    const options = { limit: 2, window_ms: 1000 };
    await countCall(storage.db, 'counted', at(0));
    await acquire(storage, 'counted', { ...options, now: at(10) });

    expect(await acquire(storage, 'counted', { ...options, now: at(20) })).toEqual({
      granted: false,
      wait_ms: 980,
    });
  });

  it('never moves a request back in the window', async () => {
    const options = { limit: 1, window_ms: 1000 };
    const grant = await acquire(storage, 'late-answer', { ...options, now: at(500) });
    if (!grant.granted) throw new Error('the first request is granted');
    await recordAnswer(storage.db, grant.id, at(100));

    expect(await acquire(storage, 'late-answer', { ...options, now: at(1400) })).toEqual({
      granted: false,
      wait_ms: 100,
    });
  });

  it('marks the budget full until a place frees, cleared by the next grant', async () => {
    const options = { limit: 1, window_ms: 1000 };
    await acquire(storage, 'marked', { ...options, now: at(0) });
    await acquire(storage, 'marked', { ...options, now: at(400) });
    expect(await fullUntil('marked')).toBe(at(1000).toISOString());

    await acquire(storage, 'marked', { ...options, now: at(1000) });
    expect(await fullUntil('marked')).toBeNull();
  });

  it('deletes grants that left the window in batches, keeping the count exact', async () => {
    const options = { limit: 3, window_ms: 100 };
    let granted = 0;
    for (let t = 0; t < 2000; t += 10) {
      const grant = await acquire(storage, 'pruned', { ...options, now: at(t) });
      if (grant.granted) granted += 1;
    }

    expect(granted).toBe(60);
    expect(await storedRows('pruned')).toBeLessThanOrEqual(2 * options.limit + 1);
  });

  it('keeps stale rows until the oldest is a window older than the window start', async () => {
    // Calls counted without asking put more than the limit in one window: counting the stale
    // rows would have deleted them at 150. Now nothing goes until the oldest row is old enough.
    const options = { limit: 3, window_ms: 100 };
    for (const t of [0, 10, 20]) await acquire(storage, 'oldest', { ...options, now: at(t) });
    for (const t of [30, 40]) await countCall(storage.db, 'oldest', at(t));
    for (const t of [150, 199]) await acquire(storage, 'oldest', { ...options, now: at(t) });
    expect(await storedRows('oldest')).toBe(7);

    // At 200 the window starts at 100 and the row at 0 is a window older: one batch goes.
    await acquire(storage, 'oldest', { ...options, now: at(200) });
    expect(await storedRows('oldest')).toBe(3);
  });

  it('counts exactly the window of a long log, however many stale rows it stores', async () => {
    // The count reads the window's rows by the index; the stale ones, up to and including the
    // window start (700 when counted at 1700), must not count.
    const options = { limit: 3, window_ms: 1000 };
    const stale = Array.from({ length: 1000 }, (_, i) => at(700 - i));
    const rows = [...stale, at(701), at(1100)].map((t) => ({
      id: randomUUID(),
      key: 'long',
      at: t.toISOString(),
    }));
    await storage.db.insertInto('rate_budget_hits').values(rows).execute();

    const grant = await acquirePlaces(
      storage,
      'long',
      { ...options, now: at(1700) },
      { places: 3 },
    );
    expect(grant.granted && grant.ids).toHaveLength(1);
    expect(await acquire(storage, 'long', { ...options, now: at(1700) })).toEqual({
      granted: false,
      wait_ms: 1,
    });
    expect(await acquire(storage, 'long', { ...options, now: at(1701) })).toMatchObject({
      granted: true,
    });
  });

  it('grants several places at once, no more than are free', async () => {
    const options = { limit: 5, window_ms: 1000 };
    const first = await acquirePlaces(
      storage,
      'several',
      { ...options, now: at(0) },
      { places: 3 },
    );
    const second = await acquirePlaces(
      storage,
      'several',
      { ...options, now: at(10) },
      { places: 3 },
    );

    expect(first).toMatchObject({ granted: true, at: at(0) });
    expect(first.granted && first.ids).toHaveLength(3);
    expect(second.granted && second.ids).toHaveLength(2);
    expect(
      await acquirePlaces(storage, 'several', { ...options, now: at(20) }, { places: 1 }),
    ).toEqual({ granted: false, wait_ms: 980 });
  });

  it('records answers and gives back places before deciding, even when refusing', async () => {
    const options = { limit: 3, window_ms: 1000 };
    const grant = await acquirePlaces(
      storage,
      'settled',
      { ...options, now: at(0) },
      { places: 3 },
    );
    if (!grant.granted) throw new Error('the first request is granted');
    const [used, spare, other] = grant.ids;
    if (!used || !spare || !other) throw new Error('three places were asked for');

    // One place answered at 600 and one given back: one place is free at 100, but not two.
    const settle = { answered: [{ id: used, at: at(600) }], release: [spare] };
    const again = await acquirePlaces(
      storage,
      'settled',
      { ...options, now: at(100) },
      {
        places: 2,
        ...settle,
      },
    );
    expect(again.granted && again.ids).toHaveLength(1);
    // The place answered at 600 frees at 1600; the other two (granted at 0 and 100) before.
    await acquirePlaces(storage, 'settled', { ...options, now: at(1100) }, { places: 2 });
    expect(await acquire(storage, 'settled', { ...options, now: at(1200) })).toEqual({
      granted: false,
      wait_ms: 400,
    });
  });

  it('counts a grant from the clock after the wait for the key, not before it', async () => {
    // A grant timed before its wait for the lock would sit earlier in the log than grants the
    // lock's holder gave meanwhile, and leave the window too early.
    await acquire(storage, 'waited', { limit: 5, window_ms: 60_000 });
    let heldUntil = 0;
    const holding = writeTransaction(storage, async (db) => {
      await lockBudget(db, storage.dialect, 'waited');
      await delay(300);
      heldUntil = Date.now();
    });
    await delay(50);
    const grant = await acquire(storage, 'waited', { limit: 5, window_ms: 60_000 });
    await holding;

    expect(grant.granted && grant.at.getTime()).toBeGreaterThanOrEqual(heldUntil - 20);
  });

  async function storedRows(key: string): Promise<number> {
    const row = await storage.db
      .selectFrom('rate_budget_hits')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('key', '=', key)
      .executeTakeFirstOrThrow();

    return Number(row.n);
  }

  async function fullUntil(key: string): Promise<string | null> {
    const row = await storage.db
      .selectFrom('rate_budgets')
      .select('full_until')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();

    return row.full_until;
  }
});

/**
 * PostgreSQL decides in a function of its own (migrations 0007 and 0008), SQLite in TypeScript:
 * the same requests, with answers, returns, calls counted without asking, pauses and lagging
 * clocks mixed in, must get the same answers from both, or the two copies of the rules have
 * drifted.
 */
describe.runIf(testDialects.includes('postgres'))('acquire on SQLite and PostgreSQL', () => {
  it('gives the same answers to the same mixed requests', async () => {
    const stores = await Promise.all(testDialects.map((d) => createTestStorage(d)));
    try {
      const answers = await Promise.all(stores.map((s) => replay(s, mixedRequests(400))));

      expect(answers[0]).toContainEqual(expect.objectContaining({ granted: false }));
      expect(answers[1]).toEqual(answers[0]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

describe.runIf(testDialects.includes('postgres'))('acquire on PostgreSQL', () => {
  it('refuses to decide under REPEATABLE READ, where it would miss earlier grants', async () => {
    const storage = await createTestStorage('postgres');
    const { databaseUrl } = storage.target as { databaseUrl: string };
    const name = new URL(databaseUrl).pathname.slice(1);
    const isolation = sql`set default_transaction_isolation = 'repeatable read'`;
    await sql`alter database ${sql.id(name)} ${isolation}`.execute(storage.db);
    const snapshots = openStorage({ databaseUrl });
    try {
      await expect(acquire(snapshots, 'snapshot', { limit: 1, window_ms: 1000 })).rejects.toThrow(
        /READ COMMITTED/,
      );
    } finally {
      await snapshots.close();
      await storage.close();
    }
  });
});

type Request =
  | { type: 'acquire'; t: number; places: number; answer: number[]; release: number[] }
  | { type: 'count'; t: number }
  | { type: 'pause'; t: number; seconds: number };

/** Requests from a fixed seed; places are named by the order they were granted in. */
function mixedRequests(count: number): Request[] {
  let seed = 20261205;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = (n: number) => Math.floor(random() * n);
  let t = 0;
  return Array.from({ length: count }, (): Request => {
    t += pick(120);
    // Now and then a clock up to 50 ms behind the others.
    const at = random() < 0.1 ? Math.max(0, t - pick(50)) : t;
    const roll = random();
    if (roll < 0.05) return { type: 'count', t: at };
    if (roll < 0.07) return { type: 'pause', t: at, seconds: 1 };
    const recent = (n: number) => Array.from({ length: pick(n) }, () => pick(8));
    return { type: 'acquire', t: at, places: 1 + pick(3), answer: recent(3), release: recent(2) };
  });
}

/** Plays the requests against one database; each answer is kept without its random ids. */
async function replay(storage: TestStorage, requests: Request[]) {
  const options = { limit: 4, window_ms: 1000 };
  const granted: string[] = [];
  const newest = (back: number) => granted[granted.length - 1 - back];
  const named = (backs: number[]) => [
    ...new Set(backs.map(newest).filter((id): id is string => id !== undefined)),
  ];
  const answers = [];
  for (const r of requests) {
    if (r.type === 'count') await countCall(storage.db, 'mixed', at(r.t));
    if (r.type === 'pause') await recordRetryAfter(storage, 'mixed', r.seconds, at(r.t));
    if (r.type !== 'acquire') continue;
    const answered = named(r.answer).map((id) => ({ id, at: at(r.t + 30) }));
    const release = named(r.release).filter((id) => !answered.some((a) => a.id === id));
    const decision = await acquirePlaces(
      storage,
      'mixed',
      { ...options, now: at(r.t) },
      { places: r.places, answered, release },
    );
    if (decision.granted) granted.push(...decision.ids);
    answers.push(
      decision.granted ? { granted: true, places: decision.ids.length, at: decision.at } : decision,
    );
  }

  return answers;
}
