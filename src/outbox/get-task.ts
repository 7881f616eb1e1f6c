import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { type OutboxTask, toTask } from './task.js';

/** One task by id, for pages that show a task's state and last error; undefined if unknown. */
export async function getTask(db: Kysely<Database>, id: string): Promise<OutboxTask | undefined> {
  const row = await db
    .selectFrom('outbox_tasks')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();

  return row ? toTask(row) : undefined;
}
