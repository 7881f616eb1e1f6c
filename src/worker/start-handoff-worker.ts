import type { SecretBox } from '../crypto/secret-box.js';
import type { GustoSettings } from '../gusto-connection/settings.js';
import { HANDOFF_TASK_KIND } from '../handoff/handoff-store.js';
import { type HandoffDeps, handoffTaskHandler } from '../handoff/handoff-task-handler.js';
import type { Logger } from '../logging/logger.js';
import { runWorker } from '../outbox/run-worker.js';
import type { Storage } from '../storage/database.js';
import { sweepReauthorizedHandoffs } from './resume-reauthorized.js';

/** What a hand-off worker runs with; optional fields state their defaults. */
export interface HandoffWorkerInput {
  storage: Storage;
  settings: GustoSettings;
  /** Opens the stored Gusto tokens; the same key the web process uses. */
  secretBox: SecretBox;
  logger: Logger;
  /** Hand-offs run at once by this worker; default `HANDOFF_WORKER_DEFAULTS.concurrency`. */
  concurrency?: number;
  /** Wait between claims when nothing is due; default `HANDOFF_WORKER_DEFAULTS.poll_ms`. */
  poll_ms?: number;
  /** How long a claim lasts before another worker may take the task over; default 60 000 ms. */
  lock_ms?: number;
  /** How often parked hand-offs of reauthorized connections are swept in; default 15 000 ms. */
  resume_sweep_ms?: number;
  /** Overrides of the hand-off deps (rate budget, Gusto request time limit). */
  handoff?: Pick<HandoffDeps, 'budget' | 'timeoutMs'>;
}

/**
 * The worker's defaults (`WORKER_CONCURRENCY` sets the first): several hand-offs at once, since
 * each mostly waits on Gusto; a poll every second, for retries whose time has come and, on
 * SQLite, for tasks queued by other processes (tasks queued in this process, or on PostgreSQL
 * in any process, wake the worker at once).
 */
export const HANDOFF_WORKER_DEFAULTS = { concurrency: 8, poll_ms: 1000 } as const;

/** A running worker; `stop()` lets tasks in hand finish, then resolves. */
export interface RunningWorker {
  stop(): Promise<void>;
  /** Settles when the worker loop ends (after `stop()`, or on a fatal error). */
  done: Promise<void>;
}

/**
 * Starts a worker that claims `gusto.handoff` tasks from the outbox and runs them. Any number of
 * these may run, in the web process and in `npm run worker` processes, against one database.
 */
export function startHandoffWorker(input: HandoffWorkerInput): RunningWorker {
  const controller = new AbortController();
  const logger = input.logger.child({ component: 'worker' });
  const deps: HandoffDeps = {
    storage: input.storage,
    connection: {
      db: input.storage.db,
      secretBox: input.secretBox,
      settings: input.settings,
      logger,
    },
    logger,
    ...input.handoff,
  };
  sweepReauthorizedHandoffs(input.storage.db, logger, {
    interval_ms: input.resume_sweep_ms ?? 15_000,
    signal: controller.signal,
  });
  const done = runWorker({
    storage: input.storage,
    handlers: { [HANDOFF_TASK_KIND]: handoffTaskHandler(deps) },
    signal: controller.signal,
    logger,
    concurrency: input.concurrency ?? HANDOFF_WORKER_DEFAULTS.concurrency,
    poll_ms: input.poll_ms ?? HANDOFF_WORKER_DEFAULTS.poll_ms,
    lock_ms: input.lock_ms ?? 60_000,
  });

  return {
    done,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}
