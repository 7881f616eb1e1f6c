import { type Kysely, sql, type UpdateObject } from 'kysely';
import { prepared } from '../storage/prepared.js';
import type { Database } from '../storage/schema.js';
import type { TaskLock } from './task.js';

/**
 * Applies a state change only while the caller still holds the task's lock. A worker whose lock
 * expired and was taken over gets `false` and must drop its result: the new owner's stands.
 */
export async function updateOwned(
  db: Kysely<Database>,
  lock: TaskLock,
  values: UpdateObject<Database, 'outbox_tasks'>,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox_tasks')
    .set({ ...values, updated_at: new Date().toISOString() })
    .where('id', '=', lock.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', lock.locked_by)
    .where('lock_token', '=', lock.lock_token)
    .$call(prepared)
    .executeTakeFirst();

  return result.numUpdatedRows > 0n;
}

/** The columns that release a lock, shared by every change that ends a run. */
export const UNLOCKED = { locked_by: null, lock_token: null, locked_until: null } as const;

/** Gives back the attempt a claim counted, for runs that ended without trying (waits, parking). */
export const UNCOUNT_ATTEMPT = sql<number>`attempts - 1`;
