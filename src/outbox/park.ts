import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { TaskLock } from './task.js';
import { UNCOUNT_ATTEMPT, UNLOCKED, updateOwned } from './update-owned.js';

/**
 * Sets a task aside until something outside it changes (say, a connection is authorised again);
 * `unparkWhere` resumes it. It keeps its dedup key, and the attempt is not counted, since the
 * task did not fail. `false` if the caller no longer owns it.
 */
export async function park(db: Kysely<Database>, lock: TaskLock, reason: string): Promise<boolean> {
  return updateOwned(db, lock, {
    ...UNLOCKED,
    status: 'parked',
    park_reason: reason,
    attempts: UNCOUNT_ATTEMPT,
  });
}
