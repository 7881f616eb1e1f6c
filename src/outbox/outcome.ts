import type { Logger } from '../logging/logger.js';
import type { ClaimedTask } from './task.js';

/**
 * How a handler's run ended, which decides the task's next state:
 * - `done`: succeeded;
 * - `retry`: failed, runs again after a backoff (at least `retry_after_s`) until attempts run out;
 * - `park`: waits for something outside to change, until `unparkWhere` resumes it;
 * - `dead`: will never succeed by retrying; kept with its error for a person to see;
 * - `defer`: not a failure, just not yet (say, the rate budget is spent); runs again after
 *   `wait_ms` and the attempt is not counted.
 */
export type Outcome =
  | { type: 'done' }
  | { type: 'retry'; error: string; retry_after_s?: number }
  | { type: 'park'; reason: string }
  | { type: 'dead'; error: string }
  | { type: 'defer'; wait_ms: number; reason: string };

/** What a handler gets besides its task. */
export interface TaskContext {
  worker_id: string;
  /** Aborted if the task's lock is lost to another worker: stop, the result would be dropped. */
  signal: AbortSignal;
  /** Aborted when the worker is shutting down: finish soon, or return `defer`. */
  shutdown: AbortSignal;
  /**
   * Aborted when either `signal` or `shutdown` is, for a handler that stops the same way on both.
   * It follows them only while the handler runs (see `eitherSignal`).
   */
  stop: AbortSignal;
  /** Carries the task id, kind, attempt and worker id on every line. */
  logger: Logger;
  /**
   * Set only when the process that queued the task handed it straight to this worker
   * (`reserveWorkerSlot`): what that code already read, which the handler may use instead of
   * reading it again, after checking it is about this task.
   */
  handedOver?: unknown;
}

/** Runs one task of a kind. Throwing counts as `retry` with the error's message. */
export type TaskHandler = (task: ClaimedTask, ctx: TaskContext) => Promise<Outcome>;
