/**
 * The durable outbox: tasks that survive crashes, run by any number of workers, and a rate
 * budget those workers share. It knows nothing of what its tasks do.
 */
export { acquire } from './acquire.js';
export { type ClaimOptions, claim } from './claim.js';
export { complete } from './complete.js';
export { DEFAULT_MAX_ATTEMPTS, type EnqueueResult, type EnqueueSpec, enqueue } from './enqueue.js';
export { type FailResult, type Failure, fail } from './fail.js';
export { getTask } from './get-task.js';
export { LISTEN_BACKOFF, listenForTasks } from './listen-for-tasks.js';
export { markDead } from './mark-dead.js';
export { type BackoffOptions, DEFAULT_BACKOFF, nextRunAt } from './next-run-at.js';
export { notifyQueued, TASK_CHANNEL } from './notify-queued.js';
export type { Outcome, TaskContext, TaskHandler } from './outcome.js';
export { park } from './park.js';
export type { BudgetDecision, BudgetGrant, BudgetOptions } from './rate-budget.js';
export { recordRetryAfter } from './record-retry-after.js';
export { renewLock } from './renew-lock.js';
export { reschedule } from './reschedule.js';
export { type RetryDeadResult, retryDead } from './retry-dead.js';
export { createWorkerId, runWorker, type WorkerOptions } from './run-worker.js';
export type { OutboxTables, TaskStatus } from './tables.js';
export type { ClaimedTask, OutboxTask, TaskLock } from './task.js';
export { type UnparkFilter, unparkWhere } from './unpark-where.js';
export { onNextWake, wakeWorkers } from './wake.js';
export { writeTransaction } from './write-transaction.js';
