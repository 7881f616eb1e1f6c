import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { complete } from './complete.js';
import { fail } from './fail.js';
import { markDead } from './mark-dead.js';
import type { BackoffOptions } from './next-run-at.js';
import type { Outcome } from './outcome.js';
import { park } from './park.js';
import { reschedule } from './reschedule.js';
import type { ClaimedTask, TaskStatus } from './task.js';

/** The state a task was moved to; `applied` is false when its lock had been taken over. */
export interface Recorded {
  applied: boolean;
  status: TaskStatus;
  run_at?: Date;
}

/** Stores a handler's outcome as the task's next state, through the one function for each. */
export async function recordOutcome(
  db: Kysely<Database>,
  task: ClaimedTask,
  outcome: Outcome,
  backoff: BackoffOptions,
): Promise<Recorded> {
  switch (outcome.type) {
    case 'done':
      return { applied: await complete(db, task), status: 'succeeded' };
    case 'retry':
      return fail(db, task, retryFailure(outcome), backoff);
    case 'park':
      return { applied: await park(db, task, outcome.reason), status: 'parked' };
    case 'dead':
      return { applied: await markDead(db, task, outcome.error), status: 'dead' };
    case 'defer': {
      const run_at = new Date(Date.now() + Math.max(0, outcome.wait_ms));

      return { applied: await reschedule(db, task, run_at), status: 'queued', run_at };
    }
  }
}

function retryFailure(outcome: Extract<Outcome, { type: 'retry' }>) {
  const { error, retry_after_s } = outcome;

  return retry_after_s === undefined ? { error } : { error, retry_after_s };
}
