import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logging/logger.js';
import type { Listening, Storage } from '../storage/database.js';
import { type BackoffOptions, nextRunAt } from './next-run-at.js';
import { TASK_CHANNEL } from './notify-queued.js';
import { wakeWorkers } from './wake.js';

/** How the task listener spaces its reconnects: up to 0.5 s at first, doubling to 30 s. */
export const LISTEN_BACKOFF: BackoffOptions = { base_ms: 500, cap_ms: 30_000 };

type Listen = NonNullable<Storage['listen']>;

interface SharedListener {
  users: number;
  stop(): Promise<void>;
}

/** One listener per open database, keyed by its Kysely instance (copies of a Storage share it). */
const listeners = new WeakMap<Storage['db'], SharedListener>();

/**
 * Rings this process's bell (`wakeWorkers`) whenever any process queues a task, so the workers
 * here claim it at once rather than at their next poll. All worker loops of the process on one
 * storage share a single LISTEN connection; the returned function lets go of it, and the last
 * to let go closes it. Opens nothing on SQLite, which has no notifications.
 */
export function listenForTasks(storage: Storage, logger: Logger): () => Promise<void> {
  const listen = storage.listen;
  if (!listen) return async () => {};

  const shared = listeners.get(storage.db) ?? startListener(storage.db, listen, logger);
  shared.users += 1;
  let released = false;

  return async () => {
    if (released) return;
    released = true;
    shared.users -= 1;
    if (shared.users > 0) return;
    listeners.delete(storage.db);
    await shared.stop();
  };
}

function startListener(db: Storage['db'], listen: Listen, logger: Logger): SharedListener {
  const controller = new AbortController();
  const log = logger.child({ component: 'task-listener', channel: TASK_CHANNEL });
  // Nothing here may take the process down: on any failure the workers still poll.
  const running = keepListening(listen, log, controller.signal).catch((err: unknown) => {
    log.error({ err }, 'task listener stopped; workers poll');
  });
  const shared: SharedListener = {
    users: 0,
    stop: async () => {
      controller.abort();
      await running;
    },
  };
  listeners.set(db, shared);

  return shared;
}

/** Listens until `signal` aborts, reconnecting with backoff whenever the connection is lost. */
async function keepListening(listen: Listen, logger: Logger, signal: AbortSignal) {
  let failures = 0;
  while (!signal.aborted) {
    const lost = await listenUntilEnded(listen, signal, () => {
      if (failures > 0) logger.info({ failures }, 'task listener listening again');
      failures = 0;
    });
    if (lost === null) return;

    failures += 1;
    const retry_in_ms = reconnectDelay(failures);
    logger.warn({ err: lost, failures, retry_in_ms }, 'task listener lost its connection; polling');
    // Unreferenced: a wait for a reconnect never keeps the process alive on its own.
    await sleep(retry_in_ms, undefined, { signal, ref: false }).catch(() => {});
  }
}

/**
 * One LISTEN connection's life: the error that ended it, or null when it was closed on purpose
 * (shutdown here, or the storage closed). Notifications of every kind ring the bell: a wake for a
 * kind this process does not run costs one claim that finds nothing.
 */
async function listenUntilEnded(
  listen: Listen,
  signal: AbortSignal,
  onListening: () => void,
): Promise<Error | null> {
  let listening: Listening;
  try {
    listening = await listen(TASK_CHANNEL, () => wakeWorkers());
  } catch (error) {
    return signal.aborted ? null : asError(error);
  }
  onListening();

  const close = () => void listening.close();
  if (signal.aborted) close();
  else signal.addEventListener('abort', close, { once: true });
  const ended = await listening.ended;
  signal.removeEventListener('abort', close);

  return ended;
}

/** The wait before reconnect attempt `failures`, from the outbox's one backoff computation. */
function reconnectDelay(failures: number): number {
  const now = new Date();

  return nextRunAt(failures, LISTEN_BACKOFF, undefined, now).getTime() - now.getTime();
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
