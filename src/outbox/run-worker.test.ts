import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { createLogger } from '../logging/logger.js';
import { claim } from './claim.js';
import { enqueue } from './enqueue.js';
import type { TaskHandler } from './outcome.js';
import { runWorker, type WorkerOptions } from './run-worker.js';
import { wakeWorkers } from './wake.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A logger whose JSON lines are kept for assertions, parsed and raw. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const write = (line: string) => {
    raw.push(line);
    lines.push(JSON.parse(line));
  };

  return { logger: createLogger({ level: 'debug' }, { write }), lines, raw };
}

describe.each(testDialects)('runWorker on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  const statusOf = async (id: string) =>
    await storage.db
      .selectFrom('outbox_tasks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  /** Runs a worker until `until` holds (checked every 20 ms), then shuts it down. */
  async function runUntil(
    options: Omit<WorkerOptions, 'signal' | 'storage'>,
    until: () => Promise<boolean>,
  ) {
    const stop = new AbortController();
    const worker = runWorker({ storage, signal: stop.signal, poll_ms: 10, ...options });
    const deadline = Date.now() + 10_000;
    while (!(await until()) && Date.now() < deadline) await sleep(20);
    stop.abort();
    await worker;
  }

  it('buries a task whose worker stopped during its last attempt', async () => {
    const { task } = await enqueue(storage.db, { kind: 'orphan', payload: null, max_attempts: 1 });
    await claim(storage, { worker_id: 'gone', kinds: ['orphan'], lock_ms: 1, limit: 1 });
    const buried = async () => (await statusOf(task.id)).status === 'dead';
    const handlers: Record<string, TaskHandler> = { orphan: async () => ({ type: 'done' }) };
    await runUntil({ handlers, logger: createLogger({ level: 'silent' }) }, buried);

    expect(await statusOf(task.id)).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('claims a task woken while the burial of abandoned tasks is still running', async () => {
    const burials = new Set<unknown>();
    const slowBurial: KyselyPlugin = {
      transformQuery({ node, queryId }) {
        if (JSON.stringify(node).includes('stopped before reporting')) burials.add(queryId);
        return node;
      },
      async transformResult({ result, queryId }) {
        if (burials.has(queryId)) await sleep(500);
        return result;
      },
    };
    const stop = new AbortController();
    const worker = runWorker({
      storage: { ...storage, db: storage.db.withPlugin(slowBurial) },
      handlers: { woken: async () => ({ type: 'done' }) },
      logger: createLogger({ level: 'silent' }),
      signal: stop.signal,
      poll_ms: 60_000,
    });
    while (burials.size === 0) await sleep(5);
    const { task } = await enqueue(storage.db, { kind: 'woken', payload: null });
    wakeWorkers();
    // Claimed on the wake, not at the next poll a minute away. Only PostgreSQL can tell: on
    // SQLite the one connection holds the enqueue until the burial's statement is done.
    for (let n = 0; n < 250 && (await statusOf(task.id)).status !== 'succeeded'; n++) {
      await sleep(20);
    }
    stop.abort();
    await worker;

    expect((await statusOf(task.id)).status).toBe('succeeded');
  });

  it('runs each outcome to its state and logs one line per task outcome', async () => {
    let flakyRuns = 0;
    const handlers: Record<string, TaskHandler> = {
      ok: async () => ({ type: 'done' }),
      flaky: async () => {
        flakyRuns += 1;
        if (flakyRuns === 1) throw new Error('connection reset');
        return { type: 'done' };
      },
      hopeless: async () => ({ type: 'dead', error: 'rejected for good' }),
      blocked: async () => ({ type: 'park', reason: 'reauthorize:c1' }),
    };
    const ids = Object.fromEntries(
      await Promise.all(
        Object.keys(handlers).map(async (kind) => [
          kind,
          (await enqueue(storage.db, { kind, payload: null })).task.id,
        ]),
      ),
    ) as Record<string, string>;
    const { logger, lines, raw } = memoryLogger();
    const settled = async () => (await statusOf(ids.flaky ?? '')).status === 'succeeded';
    await runUntil(
      { handlers, logger, worker_id: 'w-e2e', concurrency: 3, backoff: { base_ms: 1, cap_ms: 5 } },
      settled,
    );

    expect((await statusOf(ids.ok ?? '')).status).toBe('succeeded');
    expect(await statusOf(ids.flaky ?? '')).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await statusOf(ids.hopeless ?? '')).toMatchObject({
      status: 'dead',
      last_error: 'rejected for good',
    });
    expect(await statusOf(ids.blocked ?? '')).toMatchObject({
      status: 'parked',
      park_reason: 'reauthorize:c1',
    });

    for (const line of raw) expect(line.split('"worker_id"')).toHaveLength(2);
    const outcomes = lines.filter((l) => 'outcome' in l);
    expect(outcomes).toHaveLength(5);
    for (const line of outcomes) {
      expect(line).toMatchObject({
        worker_id: 'w-e2e',
        task_id: expect.any(String),
        kind: expect.any(String),
      });
      expect(line.attempt).toEqual(expect.any(Number));
    }
    expect(outcomes.find((l) => l.kind === 'flaky' && l.attempt === 1)).toMatchObject({
      outcome: 'retry',
      error: 'connection reset',
      level: 40,
    });
  });

  it('stops claiming on abort and lets the running task hand itself back', async () => {
    const { task } = await enqueue(storage.db, { kind: 'slow', payload: null });
    let started = false;
    const handlers: Record<string, TaskHandler> = {
      slow: async (_task, ctx) => {
        started = true;
        await new Promise((resolve) =>
          ctx.shutdown.addEventListener('abort', resolve, { once: true }),
        );
        return { type: 'defer', wait_ms: 0, reason: 'shutting down' };
      },
    };
    await runUntil({ handlers, logger: memoryLogger().logger }, async () => started);

    expect(await statusOf(task.id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      locked_by: null,
    });
  });

  it('renews the lock of a long task so no other worker takes it over', async () => {
    const { task } = await enqueue(storage.db, { kind: 'long', payload: null });
    const taken: string[] = [];
    const handlers: Record<string, TaskHandler> = {
      long: async () => {
        for (let i = 0; i < 6; i++) {
          await sleep(50);
          const rival = await claim(storage, {
            worker_id: 'rival',
            kinds: ['long'],
            lock_ms: 1,
            limit: 1,
          });
          taken.push(...rival.map((t) => t.id));
        }
        return { type: 'done' };
      },
    };
    const done = async () => (await statusOf(task.id)).status === 'succeeded';
    await runUntil({ handlers, logger: memoryLogger().logger, lock_ms: 90 }, done);

    expect(taken).toEqual([]);
    expect(await statusOf(task.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });
});
