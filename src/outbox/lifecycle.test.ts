import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { claim } from './claim.js';
import { complete } from './complete.js';
import { enqueue } from './enqueue.js';
import { fail } from './fail.js';
import { park } from './park.js';
import { renewLock } from './renew-lock.js';
import { reschedule } from './reschedule.js';
import { retryDead } from './retry-dead.js';
import type { ClaimedTask } from './task.js';
import { unparkWhere } from './unpark-where.js';

const BACKOFF = { base_ms: 1000, cap_ms: 10_000 };

describe.each(testDialects)('task lifecycle on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  /** Claims the task of `kind` now, or at `now` to run it again without waiting out its backoff. */
  const claimKind = async (kind: string, now = new Date()) => {
    const [task] = await claim(storage, {
      worker_id: 'w',
      kinds: [kind],
      lock_ms: 60_000,
      limit: 1,
      now,
    });
    if (!task) throw new Error(`no ${kind} task was due`);

    return task;
  };
  const row = (id: string) =>
    storage.db
      .selectFrom('outbox_tasks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const farFuture = () => new Date(Date.now() + 1e9);

  it('requeues a failed attempt after a backoff, keeping the error', async () => {
    const { task } = await enqueue(storage.db, { kind: 'flaky', payload: null });
    const before = Date.now();
    const result = await fail(storage.db, await claimKind('flaky'), { error: 'boom' }, BACKOFF);

    expect(result).toMatchObject({ applied: true, status: 'queued' });
    const stored = await row(task.id);
    expect(stored).toMatchObject({
      status: 'queued',
      attempts: 1,
      last_error: 'boom',
      locked_by: null,
    });
    const delay = Date.parse(stored.run_at) - before;
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(BACKOFF.base_ms + 1000);
  });

  it('waits at least Retry-After before the next attempt', async () => {
    const { task } = await enqueue(storage.db, { kind: 'limited', payload: null });
    const before = Date.now();
    await fail(
      storage.db,
      await claimKind('limited'),
      { error: '429', retry_after_s: 30 },
      BACKOFF,
    );

    expect(Date.parse((await row(task.id)).run_at) - before).toBeGreaterThanOrEqual(30_000);
  });

  it('dies after max_attempts, frees its key, and comes back on retryDead', async () => {
    const spec = { kind: 'doomed', payload: null, dedup_key: 'doomed-1', max_attempts: 2 };
    const { task } = await enqueue(storage.db, spec);
    await fail(storage.db, await claimKind('doomed'), { error: 'first' }, BACKOFF);
    const last = await fail(storage.db, await claimKind('doomed', farFuture()), {
      error: 'second',
    });

    expect(last).toEqual({ applied: true, status: 'dead' });
    expect(await row(task.id)).toMatchObject({
      status: 'dead',
      live_key: null,
      last_error: 'second',
    });

    expect(await retryDead(storage.db, task.id)).toEqual({ retried: true });
    expect(await row(task.id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      live_key: 'doomed-1',
    });
    expect(await retryDead(storage.db, task.id)).toEqual({ retried: false, reason: 'not_dead' });
  });

  it('refuses retryDead while another live task holds the key', async () => {
    const spec = { kind: 'replaced', payload: null, dedup_key: 'replaced-1', max_attempts: 1 };
    const { task } = await enqueue(storage.db, spec);
    await fail(storage.db, await claimKind('replaced'), { error: 'gone' });
    await enqueue(storage.db, spec);

    expect(await retryDead(storage.db, task.id)).toEqual({ retried: false, reason: 'key_taken' });
  });

  it('parks without counting the attempt and resumes by reason', async () => {
    const { task } = await enqueue(storage.db, { kind: 'needs-auth', payload: null });
    expect(await park(storage.db, await claimKind('needs-auth'), 'reauthorize:conn-1')).toBe(true);
    expect(await row(task.id)).toMatchObject({ status: 'parked', attempts: 0 });

    expect(await unparkWhere(storage.db, { park_reason: 'reauthorize:conn-2' })).toBe(0);
    expect(await unparkWhere(storage.db, { park_reason: 'reauthorize:conn-1' })).toBe(1);
    expect(await row(task.id)).toMatchObject({ status: 'queued', park_reason: null });
  });

  it('resumes parked tasks by a literal dedup key prefix', async () => {
    const keys = ['conn_1/a', 'conn_1/b', 'connX1/c'];
    for (const dedup_key of keys)
      await enqueue(storage.db, { kind: 'p', payload: null, dedup_key });
    for (let i = 0; i < keys.length; i++) await park(storage.db, await claimKind('p'), 'wait');

    expect(await unparkWhere(storage.db, { kind: 'p', dedup_key_prefix: 'conn_1/' })).toBe(2);
  });

  it('reschedules without counting the attempt', async () => {
    const { task } = await enqueue(storage.db, { kind: 'budget', payload: null });
    const later = new Date(Date.now() + 5000);
    expect(await reschedule(storage.db, await claimKind('budget'), later)).toBe(true);

    expect(await row(task.id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      run_at: later.toISOString(),
    });
  });

  it('renews a held lock and reports a lost one', async () => {
    await enqueue(storage.db, { kind: 'long', payload: null });
    const held = await claimKind('long');
    expect(await renewLock(storage.db, held, 120_000)).toBe(true);
    expect(Date.parse((await row(held.id)).locked_until ?? '')).toBeGreaterThan(
      Date.now() + 100_000,
    );

    const lost: ClaimedTask = { ...held, lock_token: 'someone-else' };
    expect(await renewLock(storage.db, lost, 120_000)).toBe(false);
    expect(await complete(storage.db, held)).toBe(true);
  });
});
