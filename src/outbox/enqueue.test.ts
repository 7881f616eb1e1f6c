import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { claim } from './claim.js';
import { complete } from './complete.js';
import { enqueue } from './enqueue.js';
import { getTask } from './get-task.js';

describe.each(testDialects)('enqueue on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('stores the task queued with its payload and defaults', async () => {
    const { task, created } = await enqueue(storage.db, { kind: 'ping', payload: { n: 1 } });

    expect(created).toBe(true);
    expect(task).toMatchObject({ kind: 'ping', payload: { n: 1 }, status: 'queued', attempts: 0 });
    expect(task.max_attempts).toBe(10);
  });

  it('reads a task back by id with its payload parsed', async () => {
    const { task } = await enqueue(storage.db, { kind: 'ping', payload: { deep: [1, 'two'] } });

    expect(await getTask(storage.db, task.id)).toEqual(task);
    expect(await getTask(storage.db, 'no-such-task')).toBeUndefined();
  });

  it('returns the live task instead of a second one for the same dedup key', async () => {
    const first = await enqueue(storage.db, { kind: 'k', payload: 1, dedup_key: 'same' });
    const second = await enqueue(storage.db, { kind: 'k', payload: 2, dedup_key: 'same' });

    expect(second.created).toBe(false);
    expect(second.task.id).toBe(first.task.id);
    expect(second.task.payload).toBe(1);
  });

  it('keeps one live task per key when many enqueue at once', async () => {
    const spec = { kind: 'k', payload: null, dedup_key: 'burst' };
    const results = await Promise.all(Array.from({ length: 20 }, () => enqueue(storage.db, spec)));

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.task.id)).size).toBe(1);
  });

  it('accepts a new task for the key once the previous one succeeded', async () => {
    const first = await enqueue(storage.db, { kind: 'once', payload: 1, dedup_key: 'again' });
    const [claimed] = await claim(storage, {
      worker_id: 'w',
      kinds: ['once'],
      lock_ms: 1000,
      limit: 1,
    });
    if (!claimed) throw new Error('nothing claimed');
    expect(await complete(storage.db, claimed)).toBe(true);

    const next = await enqueue(storage.db, { kind: 'once', payload: 2, dedup_key: 'again' });
    expect(next.created).toBe(true);
    expect(next.task.id).not.toBe(first.task.id);
  });
});
