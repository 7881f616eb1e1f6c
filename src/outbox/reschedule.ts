import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { TaskLock } from './task.js';
import { UNCOUNT_ATTEMPT, UNLOCKED, updateOwned } from './update-owned.js';

/**
 * Puts a claimed task back to run at `run_at` without counting the attempt, for waits that are
 * not failures (a rate budget that is spent). `false` if the caller no longer owns it.
 */
export async function reschedule(
  db: Kysely<Database>,
  lock: TaskLock,
  run_at: Date,
): Promise<boolean> {
  return updateOwned(db, lock, {
    ...UNLOCKED,
    status: 'queued',
    run_at: run_at.toISOString(),
    attempts: UNCOUNT_ATTEMPT,
  });
}
