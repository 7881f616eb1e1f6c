import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';

/**
 * Marks dead every task whose worker stopped during its last attempt: such a task would stay
 * 'running' forever, since taking it over would exceed `max_attempts`, and nobody would see it.
 * Apart from the claim, which takes queued tasks and running ones with an attempt left, so the
 * two never touch the same row: a worker runs this after starting what it claimed, once per poll
 * interval, off a new task's way.
 */
export async function buryAbandoned(
  db: Kysely<Database>,
  { now = new Date(), kinds }: { now?: Date; kinds?: readonly string[] } = {},
): Promise<void> {
  const iso = now.toISOString();
  await db
    .updateTable('outbox_tasks')
    .set({
      status: 'dead',
      live_key: null,
      locked_by: null,
      lock_token: null,
      locked_until: null,
      last_error: 'The worker running the last attempt stopped before reporting an outcome',
      updated_at: iso,
    })
    .where('status', '=', 'running')
    .where('locked_until', '<=', iso)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .$if(kinds !== undefined, (qb) => qb.where('kind', 'in', kinds ?? []))
    .execute();
}
