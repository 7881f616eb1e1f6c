import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { TaskLock } from './task.js';
import { UNLOCKED, updateOwned } from './update-owned.js';

/**
 * Gives up on a task: it stays with its last error for someone to see and retry, and its dedup
 * key is freed. `false` if the caller no longer owns it.
 */
export async function markDead(
  db: Kysely<Database>,
  lock: TaskLock,
  error: string,
): Promise<boolean> {
  return updateOwned(db, lock, { ...UNLOCKED, status: 'dead', live_key: null, last_error: error });
}
