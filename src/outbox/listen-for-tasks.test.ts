import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage } from '../../test/databases.js';
import { createLogger } from '../logging/logger.js';
import { openStorage, type Storage } from '../storage/database.js';
import { enqueue } from './enqueue.js';
import { listenForTasks } from './listen-for-tasks.js';
import type { TaskHandler } from './outcome.js';
import { runWorker } from './run-worker.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A logger whose JSON lines are kept for assertions. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const write = (line: string) => {
    lines.push(JSON.parse(line));
  };

  return { logger: createLogger({ level: 'info' }, { write }), lines };
}

/** Checks `holds` every 20 ms until it is true; the test's own timeout bounds the wait. */
async function waitUntil(holds: () => Promise<boolean>): Promise<void> {
  while (!(await holds())) await sleep(20);
}

/** Backends of the test database idle in a LISTEN, as the server sees them. */
async function listenerPids(storage: Storage): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity
    where datname = current_database() and state = 'idle' and query ilike 'listen %'
  `.execute(storage.db);

  return rows.map((row) => row.pid);
}

/**
 * A worker with a one-minute poll, busy with one task that runs until `stop()`. Once that task is
 * running the worker's first claim is over, and with nothing finishing and the poll a minute away,
 * only a wake can make it claim again: `wanted` settles when it has claimed the task given
 * `{ wanted: true }`.
 */
async function startBusyWorker(storage: Storage, logger = memoryLogger().logger) {
  let busy!: () => void;
  const running = new Promise<void>((resolve) => {
    busy = resolve;
  });
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let claimed!: () => void;
  const wanted = new Promise<void>((resolve) => {
    claimed = resolve;
  });
  const handler: TaskHandler = async (task) => {
    if ((task.payload as { wanted?: boolean }).wanted) claimed();
    else {
      busy();
      await released;
    }
    return { type: 'done' };
  };
  await enqueue(storage.db, { kind: 'test.listen', payload: {} });
  const controller = new AbortController();
  const handlers = { 'test.listen': handler };
  const signal = controller.signal;
  // Two at once: one slot stays busy, the other is free for the task the test is waiting on.
  const done = runWorker({ storage, handlers, signal, logger, poll_ms: 60_000, concurrency: 2 });
  await running;

  const stop = async () => {
    release();
    controller.abort();
    await done;
  };

  return { wanted, stop };
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('listening for tasks on PostgreSQL', () => {
  // `storage` plays the web process that queues; each worker runs on a pool of its own, as a
  // separate worker process would.
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage('postgres');
  });
  afterAll(async () => {
    await storage.close();
  });

  it('wakes a worker on another pool as soon as a task is queued, then closes', async () => {
    const elsewhere = openStorage(storage.target);
    const worker = await startBusyWorker(elsewhere);
    await waitUntil(async () => (await listenerPids(storage)).length === 1);

    await enqueue(storage.db, { kind: 'test.listen', payload: { wanted: true } });
    await worker.wanted;

    await worker.stop();
    await waitUntil(async () => (await listenerPids(storage)).length === 0);
    await elsewhere.close();
  }, 20_000);

  it('listens again after its connection is terminated, and says so at warn', async () => {
    const elsewhere = openStorage(storage.target);
    const { logger, lines } = memoryLogger();
    const worker = await startBusyWorker(elsewhere, logger);
    await waitUntil(async () => (await listenerPids(storage)).length === 1);
    const [first] = await listenerPids(storage);

    await sql`select pg_terminate_backend(${first})`.execute(storage.db);
    await waitUntil(async () => {
      const pids = await listenerPids(storage);
      return pids.length === 1 && pids[0] !== first;
    });
    await enqueue(storage.db, { kind: 'test.listen', payload: { wanted: true } });
    await worker.wanted;
    await worker.stop();
    await elsewhere.close();

    const lost = lines.find((line) => String(line.msg).startsWith('task listener lost'));
    expect(lost).toMatchObject({ level: 40, failures: 1, channel: 'hirebridge_outbox' });
    expect(lost?.retry_in_ms).toBeLessThanOrEqual(500);
  }, 20_000);

  it('shares one connection among the worker loops of a process', async () => {
    const elsewhere = openStorage(storage.target);
    const { logger } = memoryLogger();
    const releases = [listenForTasks(elsewhere, logger), listenForTasks(elsewhere, logger)];
    await waitUntil(async () => (await listenerPids(storage)).length === 1);

    await releases[0]?.();
    expect(await listenerPids(storage)).toHaveLength(1);
    await releases[1]?.();
    await waitUntil(async () => (await listenerPids(storage)).length === 0);
    await elsewhere.close();
  }, 20_000);

  it('closes the listener with the storage, even while a worker still holds it', async () => {
    const elsewhere = openStorage(storage.target);
    const release = listenForTasks(elsewhere, memoryLogger().logger);
    await waitUntil(async () => (await listenerPids(storage)).length === 1);

    await elsewhere.close();
    await waitUntil(async () => (await listenerPids(storage)).length === 0);
    await release();
  }, 20_000);

  it('keeps trying, without crashing, while the database cannot be reached', async () => {
    // Nothing listens on port 1 here: every connection is refused at once.
    const unreachable = openStorage({ databaseUrl: 'postgres://hirebridge@127.0.0.1:1/none' });
    const { logger, lines } = memoryLogger();
    const release = listenForTasks(unreachable, logger);
    const warned = () => lines.filter((line) => line.level === 40);
    await waitUntil(async () => warned().length >= 2);

    await release();
    await unreachable.close();
    expect(warned()[1]).toMatchObject({ failures: 2, err: { message: /ECONNREFUSED/ } });
  }, 20_000);
});

describe('listening for tasks on SQLite', () => {
  it('opens nothing: SQLite has no notifications, its workers poll', async () => {
    const storage = await createTestStorage('sqlite');
    const release = listenForTasks(storage, memoryLogger().logger);

    expect(storage.listen).toBeUndefined();
    await release();
    await storage.close();
  });
});
