import type { KyselyPlugin, PluginTransformResultArgs } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { createLogger } from '../logging/logger.js';
import { claim } from './claim.js';
import { enqueue } from './enqueue.js';
import { reserveWorkerSlot, type WorkerSlot } from './hand-over.js';
import type { TaskContext, TaskHandler } from './outcome.js';
import { runWorker } from './run-worker.js';
import type { ClaimedTask } from './task.js';

/** A plugin that changes nothing: a second handle on the same database. */
class NoPlugin implements KyselyPlugin {
  transformQuery: KyselyPlugin['transformQuery'] = ({ node }) => node;
  async transformResult({ result }: PluginTransformResultArgs) {
    return result;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const silent = createLogger({ level: 'silent' });

/** A promise with its resolve, for a handler that waits until the test lets it finish. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });

  return { open, opened };
}

/** Settles with true once `promise` has, or false after `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), sleep(ms).then(() => false)]);
}

describe.each(testDialects)('handing a task straight to a worker on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  const rowOf = (id: string) =>
    storage.db
      .selectFrom('outbox_tasks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  /**
   * A worker for `handlers` that polls rarely: only a wake, a free place or a hand-over runs a
   * task. Resolves once its first claim is in, when it offers its places.
   */
  async function startWorker(
    handlers: Record<string, TaskHandler>,
    concurrency = 2,
    on: TestStorage = storage,
  ) {
    const stop = new AbortController();
    const done = runWorker({
      storage: on,
      handlers,
      signal: stop.signal,
      logger: silent,
      worker_id: `w-${crypto.randomUUID()}`,
      poll_ms: 60_000,
      concurrency,
    });
    const kind = Object.keys(handlers)[0] ?? '';
    await expect
      .poll(() => {
        const probe = reserveWorkerSlot(kind, on.db);
        probe?.release();
        return probe !== null;
      })
      .toBe(true);

    return { stop, done };
  }

  /** Queues a task of `kind` claimed for `slot`, as a caller holding the slot does. */
  async function enqueueFor(slot: WorkerSlot, kind: string) {
    const { task } = await enqueue(storage.db, { kind, payload: null, claimed_by: slot.claim });

    return task as ClaimedTask;
  }

  it('runs a task written claimed for its place, with what the caller handed over', async () => {
    const seen: { task: ClaimedTask; ctx: TaskContext }[] = [];
    const worker = await startWorker({
      'hand.run': async (task, ctx) => {
        seen.push({ task, ctx });
        return { type: 'done' };
      },
    });
    try {
      expect(reserveWorkerSlot('hand.other', storage.db)).toBeNull();
      const slot = reserveWorkerSlot('hand.run', storage.db);
      if (!slot) throw new Error('the running worker offered no place');
      const task = await enqueueFor(slot, 'hand.run');

      // Stored as a claim would leave it: no other worker can take it.
      expect(await rowOf(task.id)).toMatchObject({
        status: 'running',
        attempts: 1,
        locked_by: slot.claim.worker_id,
        lock_token: task.lock_token,
      });
      const handedOver = { read: 'before the insert' };
      slot.run(task, handedOver);
      await expect.poll(async () => (await rowOf(task.id)).status).toBe('succeeded');
      expect(seen).toHaveLength(1);
      expect(seen[0]?.task.id).toBe(task.id);
      expect(seen[0]?.ctx.handedOver).toBe(handedOver);
      expect(seen[0]?.ctx.worker_id).toBe(slot.claim.worker_id);
    } finally {
      worker.stop.abort();
      await worker.done;
    }
  });

  it('counts held places against its concurrency and takes them back on release', async () => {
    const worker = await startWorker({ 'hand.count': async () => ({ type: 'done' }) }, 2);
    const held: (WorkerSlot | null)[] = [];
    try {
      held.push(
        reserveWorkerSlot('hand.count', storage.db),
        reserveWorkerSlot('hand.count', storage.db),
      );
      expect(held.every((slot) => slot !== null)).toBe(true);
      expect(reserveWorkerSlot('hand.count', storage.db)).toBeNull();

      held[0]?.release();
      held[0]?.release();
      const again = reserveWorkerSlot('hand.count', storage.db);
      held.push(again);
      if (!again) throw new Error('a released place was not offered again');
      again.release();
      expect(() => again.run({} as ClaimedTask)).toThrow(/already used or released/);
    } finally {
      for (const slot of held) slot?.release();
      worker.stop.abort();
      await worker.done;
    }
    expect(reserveWorkerSlot('hand.count', storage.db)).toBeNull();
  });

  it('offers nothing once stopping, and queues again a task handed over meanwhile', async () => {
    const ran: string[] = [];
    const worker = await startWorker({
      'hand.late': async (task) => {
        ran.push(task.id);
        return { type: 'done' };
      },
    });
    const slot = reserveWorkerSlot('hand.late', storage.db);
    if (!slot) throw new Error('the running worker offered no place');
    worker.stop.abort();
    expect(reserveWorkerSlot('hand.late', storage.db)).toBeNull();

    // The caller's insert is still out: the worker must not end before it has dealt with it.
    const task = await enqueueFor(slot, 'hand.late');
    expect(await settlesWithin(worker.done, 200)).toBe(false);
    slot.run(task);
    await worker.done;

    // Not started during shutdown: queued for any worker, its attempt given back.
    expect(ran).toEqual([]);
    expect(await rowOf(task.id)).toMatchObject({ status: 'queued', attempts: 0, locked_by: null });
  });

  it('offers no place while its claim is out that the claim may fill', async () => {
    await enqueue(storage.db, { kind: 'hand.busy', payload: null });
    // Holds the answer of the worker's claim (the update that counts an attempt).
    const slowClaim: KyselyPlugin = {
      transformQuery: ({ node }) => node,
      async transformResult({ result }) {
        if (result.rows.some((r) => (r as { kind?: unknown }).kind === 'hand.busy')) {
          await sleep(400);
        }
        return result;
      },
    };
    const release = gate();
    const stop = new AbortController();
    const done = runWorker({
      storage: { ...storage, db: storage.db.withPlugin(slowClaim) },
      handlers: {
        'hand.busy': async () => {
          await release.opened;
          return { type: 'done' };
        },
      },
      signal: stop.signal,
      logger: silent,
      poll_ms: 60_000,
      concurrency: 1,
    });
    try {
      await sleep(150);
      const slot = reserveWorkerSlot('hand.busy', storage.db);
      slot?.release();
      expect(slot).toBeNull();
    } finally {
      release.open();
      stop.abort();
      await done;
    }
  });

  it('does not claim for a place given back unused, so the next click finds it free', async () => {
    // Every claim (the update that counts an attempt) takes 300 ms.
    const slowClaims: KyselyPlugin = {
      transformQuery: ({ node }) => node,
      async transformResult({ result }) {
        if (result.numAffectedRows !== undefined) await sleep(300);
        return result;
      },
    };
    const slow = { ...storage, db: storage.db.withPlugin(slowClaims) };
    const worker = await startWorker({ 'hand.unused': async () => ({ type: 'done' }) }, 1, slow);
    try {
      reserveWorkerSlot('hand.unused', storage.db)?.release();
      await sleep(50);
      const next = reserveWorkerSlot('hand.unused', storage.db);
      next?.release();
      expect(next).not.toBeNull();
    } finally {
      worker.stop.abort();
      await worker.done;
    }
  });

  it('hands nothing to a worker of another database', async () => {
    const other = await createTestStorage(dialect);
    const worker = await startWorker(
      { 'hand.elsewhere': async () => ({ type: 'done' }) },
      1,
      other,
    );
    try {
      expect(reserveWorkerSlot('hand.elsewhere', storage.db)).toBeNull();
      const slot = reserveWorkerSlot('hand.elsewhere', other.db.withPlugin(new NoPlugin()));
      expect(slot).not.toBeNull();
      slot?.release();
    } finally {
      worker.stop.abort();
      await worker.done;
      await other.close();
    }
  });

  it('writes the task queued, not claimed, while its rate budget is full', async () => {
    await storage.db
      .insertInto('rate_budgets')
      .values({ key: 'hand.full', paused_until: null, full_until: '9999-01-01T00:00:00.000Z' })
      .execute();
    const { task } = await enqueue(storage.db, {
      kind: 'hand.full',
      payload: null,
      budget_key: 'hand.full',
      claimed_by: { worker_id: 'here', lock_ms: 60_000 },
    });

    expect(task).toMatchObject({ status: 'queued', attempts: 0, locked_by: null });
  });

  it('claims a due task as soon as a handed-over task frees its place', async () => {
    const release = gate();
    const ran: string[] = [];
    const worker = await startWorker(
      {
        'hand.slow': async () => {
          await release.opened;
          return { type: 'done' };
        },
        'hand.next': async (task) => {
          ran.push(task.id);
          return { type: 'done' };
        },
      },
      1,
    );
    try {
      // Due in a moment; queued now, so the notice it sends is spent before the hand-over.
      const { task: next } = await enqueue(storage.db, {
        kind: 'hand.next',
        payload: null,
        run_at: new Date(Date.now() + 300),
      });
      await sleep(100);
      const slot = reserveWorkerSlot('hand.slow', storage.db);
      if (!slot) throw new Error('the running worker offered no place');
      slot.run(await enqueueFor(slot, 'hand.slow'));
      await sleep(400);
      expect(ran).toEqual([]);

      // The worker's poll is a minute away: only the freed place can make it claim now.
      release.open();
      await expect.poll(() => ran, { timeout: 5_000 }).toEqual([next.id]);
    } finally {
      release.open();
      worker.stop.abort();
      await worker.done;
    }
  });

  it('lets another worker take over a task whose claiming worker never ran it', async () => {
    const { task } = await enqueue(storage.db, {
      kind: 'hand.lost',
      payload: null,
      claimed_by: { worker_id: 'crashed', lock_ms: 1 },
    });
    await sleep(20);
    const [taken] = await claim(storage, {
      worker_id: 'survivor',
      kinds: ['hand.lost'],
      lock_ms: 60_000,
      limit: 1,
    });

    expect(taken).toMatchObject({ id: task.id, attempts: 2, locked_by: 'survivor' });
  });
});
