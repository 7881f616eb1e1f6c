import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { acquire } from './acquire.js';
import { claim } from './claim.js';
import { complete } from './complete.js';
import { enqueue } from './enqueue.js';
import type { ClaimedTask } from './task.js';

const LOCK_MS = 60_000;
const claimGated = { worker_id: 'w1', kinds: ['gated'], lock_ms: LOCK_MS, limit: 10 };

describe.each(testDialects)('claim on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  const claimOne = async (kind: string, worker_id: string, now?: Date) => {
    const options = { worker_id, kinds: [kind], lock_ms: LOCK_MS, limit: 1 };
    const [task] = await claim(storage, now ? { ...options, now } : options);

    return task;
  };

  it('takes due tasks of the asked kinds only, counting an attempt', async () => {
    await enqueue(storage.db, { kind: 'due', payload: 'a' });
    await enqueue(storage.db, {
      kind: 'due',
      payload: 'later',
      run_at: new Date(Date.now() + 1e6),
    });
    await enqueue(storage.db, { kind: 'other', payload: 'b' });

    const tasks = await claim(storage, { worker_id: 'w1', kinds: ['due'], lock_ms: 1, limit: 10 });

    expect(tasks.map((t) => t.payload)).toEqual(['a']);
    expect(tasks[0]).toMatchObject({ status: 'running', attempts: 1, locked_by: 'w1' });
  });

  it('leaves tasks of a full budget queued until a place frees, others not', async () => {
    const options = { limit: 1, window_ms: 1000, now: new Date() };
    await acquire(storage, 'gate', options);
    await acquire(storage, 'gate', options);
    // Due at the test's clock, however long the enqueues themselves take on a busy machine.
    const run_at = options.now;
    await enqueue(storage.db, { kind: 'gated', payload: 'full', budget_key: 'gate', run_at });
    await enqueue(storage.db, { kind: 'gated', payload: 'free', budget_key: 'other', run_at });
    await enqueue(storage.db, { kind: 'gated', payload: 'none', run_at });

    const now = (ms: number) => ({ now: new Date(options.now.getTime() + ms) });
    const first = await claim(storage, { ...claimGated, ...now(10) });
    const after = await claim(storage, { ...claimGated, ...now(1000) });

    expect(first.map((t) => t.payload).sort()).toEqual(['free', 'none']);
    expect(after.map((t) => t.payload)).toEqual(['full']);
  });

  it('never gives one task to two of four concurrent claimers', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++)
      ids.add((await enqueue(storage.db, { kind: 'many', payload: i })).task.id);

    const drain = async (worker_id: string) => {
      const mine: string[] = [];
      for (;;) {
        const got = await claim(storage, {
          worker_id,
          kinds: ['many'],
          lock_ms: LOCK_MS,
          limit: 7,
        });
        if (got.length === 0) return mine;
        mine.push(...got.map((t) => t.id));
      }
    };
    const claimed = (await Promise.all(['a', 'b', 'c', 'd'].map(drain))).flat();

    expect(claimed).toHaveLength(200);
    expect(new Set(claimed)).toEqual(ids);
  });

  it('lets another worker take over a task whose lock expired', async () => {
    await enqueue(storage.db, { kind: 'expiring', payload: null });
    const first = await claimOne('expiring', 'dies');
    expect(await claimOne('expiring', 'rescuer')).toBeUndefined();

    const later = new Date(Date.now() + LOCK_MS + 1);
    const second = await claimOne('expiring', 'rescuer', later);

    expect(second).toMatchObject({ id: first?.id, locked_by: 'rescuer', attempts: 2 });
  });

  it('refuses a completion from an owner whose lock was taken over', async () => {
    await enqueue(storage.db, { kind: 'stale', payload: null });
    const stale = (await claimOne('stale', 'slow')) as ClaimedTask;
    const fresh = (await claimOne(
      'stale',
      'slow',
      new Date(Date.now() + LOCK_MS + 1),
    )) as ClaimedTask;

    expect(await complete(storage.db, stale)).toBe(false);
    expect(await complete(storage.db, fresh)).toBe(true);
  });

  it('never takes over a task whose worker stopped during its last attempt', async () => {
    const { task } = await enqueue(storage.db, { kind: 'last', payload: null, max_attempts: 1 });
    await claimOne('last', 'dies');

    expect(await claimOne('last', 'next', new Date(Date.now() + LOCK_MS + 1))).toBeUndefined();
    const row = await storage.db
      .selectFrom('outbox_tasks')
      .select(['status', 'locked_by'])
      .where('id', '=', task.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'running', locked_by: 'dies' });
  });
});
