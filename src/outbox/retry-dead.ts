import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { notifyQueued } from './notify-queued.js';

/** What a retry did, with the reason when it did nothing. */
export type RetryDeadResult =
  | { retried: true }
  | { retried: false; reason: 'not_dead' | 'key_taken' };

/**
 * Gives a dead task a fresh set of attempts, starting now: the "retry" a person presses after
 * reading its last error. Refused when another live task already holds its dedup key.
 * On PostgreSQL call it outside a transaction: a refused key is a unique violation, which would
 * abort an enclosing transaction.
 */
export async function retryDead(db: Kysely<Database>, id: string): Promise<RetryDeadResult> {
  const now = new Date().toISOString();
  try {
    const retried = await db
      .updateTable('outbox_tasks')
      .set((eb) => ({
        status: 'queued',
        attempts: 0,
        run_at: now,
        live_key: eb.ref('dedup_key'),
        updated_at: now,
      }))
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .returning('kind')
      .executeTakeFirst();
    if (!retried) return { retried: false, reason: 'not_dead' };

    await notifyQueued(db, retried.kind);
    return { retried: true };
  } catch (error) {
    if (isUniqueViolation(error)) return { retried: false, reason: 'key_taken' };
    throw error;
  }
}

/** SQLite and PostgreSQL name a unique-constraint failure differently. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;

  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
