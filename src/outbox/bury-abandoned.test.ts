import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { buryAbandoned } from './bury-abandoned.js';
import { claim } from './claim.js';
import { enqueue } from './enqueue.js';

const LOCK_MS = 60_000;

describe.each(testDialects)('buryAbandoned on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  const enqueueClaimed = async (kind: string, max_attempts: number) => {
    const { task } = await enqueue(storage.db, { kind, payload: null, max_attempts });
    await claim(storage, { worker_id: 'dies', kinds: [kind], lock_ms: LOCK_MS, limit: 1 });

    return task.id;
  };
  const rowOf = (id: string) =>
    storage.db
      .selectFrom('outbox_tasks')
      .select(['status', 'live_key', 'locked_by', 'last_error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('marks dead a task whose worker stopped during its last attempt', async () => {
    const id = await enqueueClaimed('last', 1);
    await buryAbandoned(storage.db, { now: new Date(Date.now() + LOCK_MS + 1), kinds: ['last'] });

    const row = await rowOf(id);
    expect(row).toMatchObject({ status: 'dead', live_key: null, locked_by: null });
    expect(row.last_error).toMatch(/stopped before reporting/);
  });

  it('leaves a task with attempts left, a live lock, or another kind', async () => {
    const withAttempts = await enqueueClaimed('spare', 2);
    const locked = await enqueueClaimed('locked', 1);
    const other = await enqueueClaimed('other', 1);
    await buryAbandoned(storage.db, { now: new Date(Date.now() + LOCK_MS + 1), kinds: ['spare'] });
    await buryAbandoned(storage.db, { kinds: ['locked'] });

    for (const id of [withAttempts, locked, other]) {
      expect(await rowOf(id)).toMatchObject({ status: 'running', locked_by: 'dies' });
    }
  });
});
