import type { Logger } from '../logging/logger.js';
import type { Storage } from '../storage/database.js';
import { eitherSignal } from './either-signal.js';
import { startHeartbeat } from './heartbeat.js';
import type { BackoffOptions } from './next-run-at.js';
import type { Outcome, TaskHandler } from './outcome.js';
import { type Recorded, recordOutcome } from './record-outcome.js';
import type { ClaimedTask } from './task.js';

/** What running one claimed task needs. */
export interface RunTaskOptions {
  storage: Storage;
  handler: TaskHandler;
  worker_id: string;
  lock_ms: number;
  backoff: BackoffOptions;
  shutdown: AbortSignal;
  logger: Logger;
  /** What the code that queued and handed over the task already read; see `WorkerSlot.run`. */
  handedOver?: unknown;
}

/**
 * Runs a claimed task's handler under a renewed lock, stores the outcome and writes the one log
 * line for it. Never throws: a failure to store is logged, and the expiring lock hands the task
 * to another run.
 */
export async function runTask(task: ClaimedTask, options: RunTaskOptions): Promise<void> {
  const { worker_id } = options;
  const logger = options.logger.child({
    task_id: task.id,
    kind: task.kind,
    attempt: task.attempts,
    worker_id,
  });
  const started = Date.now();
  const outcome = await runHandler(task, { ...options, logger });
  try {
    const recorded = await recordOutcome(options.storage.db, task, outcome, options.backoff);
    logOutcome(logger, outcome, recorded, Date.now() - started);
  } catch (err) {
    logger.error({ err, outcome: outcome.type }, 'task outcome could not be stored');
  }
}

async function runHandler(task: ClaimedTask, options: RunTaskOptions): Promise<Outcome> {
  const lost = new AbortController();
  const heartbeat = startHeartbeat(options.storage.db, task, options.lock_ms, options.logger, () =>
    lost.abort(new Error('The task lock was taken over')),
  );
  const stop = eitherSignal(lost.signal, options.shutdown);
  const ctx = {
    worker_id: options.worker_id,
    signal: lost.signal,
    shutdown: options.shutdown,
    stop: stop.signal,
    logger: options.logger,
    handedOver: options.handedOver,
  };
  try {
    return await options.handler(task, ctx);
  } catch (error) {
    return { type: 'retry', error: error instanceof Error ? error.message : String(error) };
  } finally {
    heartbeat.stop();
    stop.release();
  }
}

/** One line per task outcome: expected endings at info, failures at warn, dead at error. */
function logOutcome(logger: Logger, outcome: Outcome, recorded: Recorded, duration_ms: number) {
  const fields = {
    outcome: outcome.type,
    status: recorded.status,
    duration_ms,
    ...(recorded.run_at ? { next_run_at: recorded.run_at.toISOString() } : {}),
    ...('error' in outcome ? { error: outcome.error } : {}),
    ...('reason' in outcome ? { reason: outcome.reason } : {}),
  };
  if (!recorded.applied) {
    logger.warn(fields, 'task outcome dropped: its lock was taken over by another run');
  } else if (outcome.type === 'dead' || recorded.status === 'dead') {
    logger.error(fields, 'task dead');
  } else if (outcome.type === 'retry' || outcome.type === 'park') {
    logger.warn(fields, `task ${outcome.type === 'retry' ? 'will retry' : 'parked'}`);
  } else {
    logger.info(fields, outcome.type === 'done' ? 'task done' : 'task deferred');
  }
}
