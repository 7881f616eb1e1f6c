import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { TaskLock } from './task.js';
import { updateOwned } from './update-owned.js';

/**
 * Extends the lock of a task still running, so a long task is not taken over while its worker is
 * alive. `false` means the lock was lost and the work's result will not be recorded.
 */
export async function renewLock(
  db: Kysely<Database>,
  lock: TaskLock,
  lock_ms: number,
): Promise<boolean> {
  const locked_until = new Date(Date.now() + lock_ms).toISOString();

  return updateOwned(db, lock, { locked_until });
}
