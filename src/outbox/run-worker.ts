import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Logger } from '../logging/logger.js';
import type { Storage } from '../storage/database.js';
import { buryAbandoned } from './bury-abandoned.js';
import { type ClaimOptions, claim } from './claim.js';
import { databaseOf, offerSlots, type TaskClaim, type WorkerSlot } from './hand-over.js';
import { listenForTasks } from './listen-for-tasks.js';
import { type BackoffOptions, DEFAULT_BACKOFF } from './next-run-at.js';
import { notifyQueued } from './notify-queued.js';
import type { TaskHandler } from './outcome.js';
import { reschedule } from './reschedule.js';
import { runTask } from './run-task.js';
import type { ClaimedTask } from './task.js';
import { onNextWake } from './wake.js';

/** How a worker runs; every optional field states its default. */
export interface WorkerOptions {
  storage: Storage;
  /** One handler per task kind; the worker claims only these kinds. */
  handlers: Record<string, TaskHandler>;
  /** Stops claiming, lets running tasks finish, then `runWorker` resolves. */
  signal: AbortSignal;
  logger: Logger;
  /** Unique per process; default `createWorkerId()`. */
  worker_id?: string;
  /** Wait between claims when nothing is due; default 1000. */
  poll_ms?: number;
  /** Tasks run at once by this worker; default 1. */
  concurrency?: number;
  /** Lock length, renewed every third of it while a task runs; default 60 000. */
  lock_ms?: number;
  /** Default `DEFAULT_BACKOFF` (5 s doubling to 1 h, full jitter). */
  backoff?: BackoffOptions;
}

/** `WorkerOptions.lock_ms` or its default. */
function lockMs(options: WorkerOptions): number {
  return options.lock_ms ?? 60_000;
}

/** A worker id that tells processes and hosts apart in `locked_by` and logs. */
export function createWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Claims and runs due tasks until `signal` aborts, then waits for the tasks in hand. Any number of
 * workers, in any number of processes, may run against one database. On PostgreSQL the worker
 * also listens for tasks queued by other processes (`listenForTasks`) until the loop ends.
 *
 * While it runs, the worker also offers its free places to code of the same process that queues
 * a task (`reserveWorkerSlot`): such a task is written already claimed for this worker and run
 * at once, without a claim of its own.
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const worker_id = options.worker_id ?? createWorkerId();
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const running = new Set<Promise<void>>();
  const logger = options.logger.child({ worker_id });
  logger.info({ kinds: Object.keys(options.handlers), concurrency }, 'worker started');

  // The unbound logger: the listener is shared by every worker loop of the process.
  const stopListening = listenForTasks(options.storage, options.logger);
  const poll_ms = options.poll_ms ?? 1000;
  let buriedAt = Number.NEGATIVE_INFINITY;
  // Not awaited by the loop: a wake that arrives while the burial runs is not missed.
  let burying: Promise<void> | null = null;
  const turn = new TurnBell();
  const claimFor: TaskClaim = { worker_id, lock_ms: lockMs(options) };
  // Places the claim in flight may fill: held until its tasks are in `running`.
  let claiming = 0;
  const stopOffering = offerSlots({
    kinds: Object.keys(options.handlers),
    database: databaseOf(options.storage.db),
    reserve: () => {
      if (options.signal.aborted || running.size + claiming >= concurrency) return null;
      const begin = (task: ClaimedTask, handedOver: unknown) =>
        options.signal.aborted
          ? giveBack(options, task, logger)
          : start(task, options, worker_id, options.logger, handedOver);
      // Once the place is free again, the loop claims for it instead of waiting for its poll.
      return holdSlot(running, claimFor, begin, () => turn.ring());
    },
  });
  try {
    while (!options.signal.aborted) {
      const limit = concurrency - running.size;
      claiming = limit;
      const tasks = await claimSafely(options, { worker_id, limit }, logger).finally(() => {
        claiming = 0;
      });
      // Tasks log through the unbound logger: runTask binds worker_id itself, with the task ids.
      for (const task of tasks)
        void track(running, start(task, options, worker_id, options.logger));
      if (burying === null && Date.now() - buriedAt >= poll_ms) {
        buriedAt = Date.now();
        burying = burySafely(options, logger).finally(() => {
          burying = null;
        });
      }
      await nextTurn(poll_ms, options.signal, running, turn);
    }
  } finally {
    stopOffering();
    await stopListening();
    await burying;
  }

  await Promise.all(running);
  logger.info('worker stopped');
}

async function claimSafely(
  options: WorkerOptions,
  turn: Pick<ClaimOptions, 'worker_id' | 'limit'>,
  logger: Logger,
): Promise<ClaimedTask[]> {
  const kinds = Object.keys(options.handlers);
  try {
    return await claim(options.storage, { ...turn, kinds, lock_ms: lockMs(options) });
  } catch (err) {
    logger.error({ err }, 'claim failed; will try again');

    return [];
  }
}

async function burySafely(options: WorkerOptions, logger: Logger): Promise<void> {
  try {
    await buryAbandoned(options.storage.db, { kinds: Object.keys(options.handlers) });
  } catch (err) {
    logger.error({ err }, 'burying abandoned tasks failed; will try again');
  }
}

function start(
  task: ClaimedTask,
  options: WorkerOptions,
  worker_id: string,
  logger: Logger,
  handedOver?: unknown,
) {
  const handler = options.handlers[task.kind];
  if (!handler) throw new Error(`No handler for claimed kind ${task.kind}`);

  return runTask(task, {
    storage: options.storage,
    handler,
    worker_id,
    lock_ms: lockMs(options),
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    shutdown: options.signal,
    logger,
    handedOver,
  });
}

/**
 * A task handed over once the worker is stopping is not started: a new hire should not begin
 * during shutdown. It is queued again, its attempt given back, for any worker (on PostgreSQL the
 * notice wakes those of other processes). If that fails, its claim lapses after `lock_ms`.
 */
async function giveBack(options: WorkerOptions, task: ClaimedTask, logger: Logger) {
  try {
    if (await reschedule(options.storage.db, task, new Date())) {
      await notifyQueued(options.storage.db, task.kind);
    }
  } catch (err) {
    logger.error({ err, task_id: task.id }, 'a task handed over during shutdown was not queued');
  }
}

/**
 * A place counted in `running` from the moment it is reserved, so neither the loop's next claim
 * nor another reservation overfill the worker (a claim already out counts as `claiming`), and
 * shutdown waits for it. It is settled once: by the
 * run of the task queued for it, or by its release.
 */
function holdSlot(
  running: Set<Promise<void>>,
  claim: TaskClaim,
  begin: (task: ClaimedTask, handedOver: unknown) => Promise<void>,
  onFree: () => void,
): WorkerSlot {
  let settle: (run: (() => Promise<void>) | null) => void = () => {};
  const held = new Promise<(() => Promise<void>) | null>((resolve) => {
    settle = resolve;
  });
  let settled = false;
  let ran = false;
  // Rung once the place is out of `running`, so the claim it prompts counts the place free. Not
  // for a place given back unused: any claim made while it was held waits on it already.
  const tracked = track(
    running,
    held.then((run) => run?.()),
  );
  void tracked.finally(() => {
    if (ran) onFree();
  });

  return {
    claim,
    run: (task, handedOver) => {
      if (settled) throw new Error('This worker slot was already used or released');
      settled = true;
      ran = true;
      settle(() => begin(task, handedOver));
    },
    release: () => {
      if (settled) return;
      settled = true;
      // Free at once, for the next reservation; `tracked` settles a moment later.
      running.delete(tracked);
      settle(null);
    },
  };
}

function track(running: Set<Promise<void>>, run: Promise<void>): Promise<void> {
  const tracked = run.finally(() => running.delete(tracked));
  running.add(tracked);

  return tracked;
}

/**
 * Rings when a handed-over task's place is free again. Those runs began after the loop started
 * waiting, so its wait does not watch them; a ring while the loop is claiming is kept for the
 * next wait, which then does not wait at all.
 */
class TurnBell {
  private rung = false;
  private listener: (() => void) | null = null;

  ring(): void {
    this.rung = true;
    this.listener?.();
  }

  /** Calls `listener` at the next ring, or at once if one came since the last wait. */
  wait(listener: () => void): () => void {
    if (this.rung) {
      this.rung = false;
      listener();
    }
    this.listener = listener;

    return () => {
      this.rung = false;
      this.listener = null;
    };
  }
}

/**
 * Waits for the next moment worth claiming: the poll interval, a task finishing (a free slot,
 * maybe a follow-up task), a task queued (`wakeWorkers`: in this process, or on PostgreSQL in any
 * process), or shutdown.
 */
async function nextTurn(
  poll_ms: number,
  signal: AbortSignal,
  running: Set<Promise<void>>,
  turn: TurnBell,
) {
  if (signal.aborted) return;

  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let cancelWake: (() => void) | undefined;
  let cancelRing: (() => void) | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, poll_ms);
    onAbort = resolve;
    signal.addEventListener('abort', onAbort, { once: true });
    cancelWake = onNextWake(resolve);
    cancelRing = turn.wait(resolve);
  });
  await Promise.race([elapsed, ...running]);
  clearTimeout(timer);
  cancelWake?.();
  cancelRing?.();
  if (onAbort) signal.removeEventListener('abort', onAbort);
}
