import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Storage } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import type { ClaimedTask } from './task.js';
import { toTask } from './task.js';
import { writeTransaction } from './write-transaction.js';

/** What a worker asks for when it claims. */
export interface ClaimOptions {
  /** Unique per worker process; written to `locked_by` and to every log line. */
  worker_id: string;
  /** Only these kinds; default every kind. */
  kinds?: readonly string[];
  /** How long the lock lasts before another worker may take the task over. */
  lock_ms: number;
  /** At most this many tasks. */
  limit: number;
  /** The clock; default the system clock. */
  now?: Date;
}

/**
 * Locks up to `limit` due tasks for one worker and counts an attempt on each. A task whose lock
 * expired (its worker died or hung) is due again and is taken over.
 *
 * PostgreSQL: `FOR UPDATE SKIP LOCKED` lets any number of workers claim at once without waiting
 * on or double-claiming each other's rows. SQLite: the claim runs in a write transaction, and
 * SQLite has one writer per database file, so claims from all processes are serialised.
 */
export async function claim(storage: Storage, options: ClaimOptions): Promise<ClaimedTask[]> {
  if (options.limit < 1 || options.kinds?.length === 0) return [];

  const now = options.now ?? new Date();
  const claimAll = (db: Kysely<Database>) =>
    lockDueTasks(db, storage.dialect === 'postgres', now, options);
  const tasks =
    storage.dialect === 'postgres'
      ? await claimAll(storage.db)
      : await writeTransaction(storage, claimAll);

  return tasks.sort((a, b) => a.run_at.localeCompare(b.run_at));
}

async function lockDueTasks(
  db: Kysely<Database>,
  skipLocked: boolean,
  now: Date,
  options: ClaimOptions,
): Promise<ClaimedTask[]> {
  const due = db
    .selectFrom('outbox_tasks')
    .select('id')
    .where((eb) => isDue(eb, now.toISOString()))
    .where((eb) => budgetHasRoom(eb, now.toISOString()))
    .$if(options.kinds !== undefined, (qb) => qb.where('kind', 'in', options.kinds ?? []))
    .orderBy('run_at')
    .limit(options.limit)
    .$if(skipLocked, (qb) => qb.forUpdate().skipLocked());
  const rows = await db
    .updateTable('outbox_tasks')
    .set((eb) => ({
      status: 'running',
      attempts: eb('attempts', '+', 1),
      locked_by: options.worker_id,
      lock_token: randomUUID(),
      locked_until: new Date(now.getTime() + options.lock_ms).toISOString(),
      updated_at: now.toISOString(),
    }))
    .where('id', 'in', due)
    .returningAll()
    .execute();

  return rows.map((row) => toTask(row) as ClaimedTask);
}

function isDue(eb: ExpressionBuilder<Database, 'outbox_tasks'>, now: string) {
  return eb.or([
    eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
    eb.and([
      eb('status', '=', 'running'),
      eb('locked_until', '<=', now),
      eb('attempts', '<', eb.ref('max_attempts')),
    ]),
  ]);
}

/**
 * Leaves a task queued while the budget it draws from is known to be full: claiming it would
 * only run it into the refusal and put it back, over and over, while a place is a while off.
 */
function budgetHasRoom(eb: ExpressionBuilder<Database, 'outbox_tasks'>, now: string) {
  const full = eb
    .selectFrom('rate_budgets as b')
    .select('b.key')
    .whereRef('b.key', '=', 'outbox_tasks.budget_key')
    .where('b.full_until', '>', now);

  return eb.or([eb('budget_key', 'is', null), eb.not(eb.exists(full))]);
}
