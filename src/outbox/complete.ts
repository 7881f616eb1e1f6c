import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { TaskLock } from './task.js';
import { UNLOCKED, updateOwned } from './update-owned.js';

/** Marks a task succeeded and frees its dedup key; `false` if the caller no longer owns it. */
export async function complete(db: Kysely<Database>, lock: TaskLock): Promise<boolean> {
  return updateOwned(db, lock, {
    ...UNLOCKED,
    status: 'succeeded',
    live_key: null,
    park_reason: null,
  });
}
