import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { markDead } from './mark-dead.js';
import { type BackoffOptions, DEFAULT_BACKOFF, nextRunAt } from './next-run-at.js';
import type { ClaimedTask } from './task.js';
import { UNLOCKED, updateOwned } from './update-owned.js';

/** Why an attempt failed, and any wait the server asked for. */
export interface Failure {
  error: string;
  /** Seconds from a `Retry-After` header; the next attempt waits at least this long. */
  retry_after_s?: number;
}

/** What `fail` did: requeued at `run_at`, or dead after the last attempt; `applied` false if the
 * caller no longer owned the task and nothing changed. */
export type FailResult =
  | { applied: boolean; status: 'queued'; run_at: Date }
  | { applied: boolean; status: 'dead' };

/**
 * Records a failed attempt: the task runs again after a backoff, or becomes dead with its last
 * error once it has used `max_attempts` attempts.
 */
export async function fail(
  db: Kysely<Database>,
  task: ClaimedTask,
  failure: Failure,
  backoff: BackoffOptions = DEFAULT_BACKOFF,
): Promise<FailResult> {
  if (task.attempts >= task.max_attempts) {
    return { applied: await markDead(db, task, failure.error), status: 'dead' };
  }

  const runAt = nextRunAt(task.attempts, backoff, failure.retry_after_s);
  const applied = await updateOwned(db, task, {
    ...UNLOCKED,
    status: 'queued',
    run_at: runAt.toISOString(),
    last_error: failure.error,
  });

  return { applied, status: 'queued', run_at: runAt };
}
