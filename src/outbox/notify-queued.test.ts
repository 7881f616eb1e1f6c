import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage } from '../../test/databases.js';
import { listenTo } from '../../test/task-notices.js';
import { claim } from './claim.js';
import { enqueue } from './enqueue.js';
import { markDead } from './mark-dead.js';
import { park } from './park.js';
import { retryDead } from './retry-dead.js';
import { unparkWhere } from './unpark-where.js';

describe.skipIf(!process.env.TEST_DATABASE_URL)('enqueue notifies on PostgreSQL', () => {
  let storage: TestStorage;
  let listener: Awaited<ReturnType<typeof listenTo>>;
  beforeAll(async () => {
    storage = await createTestStorage('postgres');
    if (!('databaseUrl' in storage.target)) throw new Error('expected a PostgreSQL storage');
    listener = await listenTo(storage.target.databaseUrl);
  });
  afterAll(async () => {
    await listener.end();
    await storage.close();
  });

  it('sends the kind when the transaction commits, and nothing when it rolls back', async () => {
    const rolledBack = storage.db.transaction().execute(async (trx) => {
      await enqueue(trx, { kind: 'test.rolled_back', payload: {} });
      throw new Error('rolled back on purpose');
    });
    await expect(rolledBack).rejects.toThrow('rolled back on purpose');
    await storage.db.transaction().execute(async (trx) => {
      await enqueue(trx, { kind: 'test.committed', payload: {} });
    });

    // Notifications arrive in commit order, so the rolled-back one would have come first.
    expect(await listener.next()).toBe('test.committed');
  });

  it('sends nothing when the dedup key already has a live task', async () => {
    const first = await enqueue(storage.db, {
      kind: 'test.first',
      payload: {},
      dedup_key: 'notify-once',
    });
    expect(await listener.next()).toBe('test.first');
    // The notice rides on the insert; the task carries only its own fields.
    expect(first.task).not.toHaveProperty('notified');

    const again = await enqueue(storage.db, {
      kind: 'test.again',
      payload: {},
      dedup_key: 'notify-once',
    });
    await enqueue(storage.db, { kind: 'test.after', payload: {} });

    expect(again.created).toBe(false);
    expect(await listener.next()).toBe('test.after');
  });

  it('sends the kind when a parked task resumes or a dead one is retried', async () => {
    await enqueue(storage.db, { kind: 'test.back', payload: {} });
    expect(await listener.next()).toBe('test.back');
    const claimed = async () => {
      const options = { worker_id: 'w', kinds: ['test.back'], lock_ms: 60_000, limit: 1 };
      const [task] = await claim(storage, options);
      if (!task) throw new Error('expected a task to claim');

      return task;
    };

    await park(storage.db, await claimed(), 'test.reason');
    expect(await unparkWhere(storage.db, { park_reason: 'test.reason' })).toBe(1);
    expect(await listener.next()).toBe('test.back');

    const task = await claimed();
    await markDead(storage.db, task, 'gave up');
    expect(await retryDead(storage.db, task.id)).toEqual({ retried: true });
    expect(await listener.next()).toBe('test.back');
  });
});
