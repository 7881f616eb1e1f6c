import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { createLogger } from '../logging/logger.js';
import { enqueue } from './enqueue.js';
import { runWorker } from './run-worker.js';
import { wakeWorkers } from './wake.js';

describe.each(testDialects)('waking workers on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('runs a task enqueued in this process at once, not at the next poll', async () => {
    // With a one-minute poll, only the wake can get the task run within the test's time.
    const controller = new AbortController();
    let ran!: () => void;
    const handled = new Promise<void>((resolve) => {
      ran = resolve;
    });
    const done = runWorker({
      storage,
      handlers: {
        'test.wake': async () => {
          ran();
          return { type: 'done' };
        },
      },
      signal: controller.signal,
      logger: createLogger({ level: 'silent' }),
      poll_ms: 60_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await enqueue(storage.db, { kind: 'test.wake', payload: {} });
    wakeWorkers();

    await handled;
    controller.abort();
    await done;
  }, 20_000);
});
