import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Database } from '../storage/schema.js';

/** The PostgreSQL channel on which each queued task's kind is sent to the workers. */
export const TASK_CHANNEL = 'hirebridge_outbox';

/**
 * On PostgreSQL, tells the workers of every process that a task of `kind` is queued. Sent on
 * `db`, so inside a transaction it is delivered when that transaction commits, and never if it
 * rolls back. On SQLite it does nothing: its workers share one machine and poll.
 */
export async function notifyQueued(db: Kysely<Database>, kind: string): Promise<void> {
  if (!onPostgres(db)) return;

  await sql`select ${queuedNotice(kind)}`.execute(db);
}

/**
 * The notice as an expression, for a statement that queues the task to send it itself (one round
 * trip instead of two). PostgreSQL only.
 */
export function queuedNotice(kind: string) {
  return sql<string>`pg_notify(${TASK_CHANNEL}, ${kind})`;
}

/**
 * Whether `db`, a transaction included, runs on PostgreSQL. The outbox takes bare Kysely handles
 * so callers can pass their own transaction, and the dialect's adapter is what every handle
 * carries about its engine. `getExecutor()` is marked internal in Kysely's types; it is only
 * read, here and in `databaseOf`. The alternatives cost more: a `Storage` passed down every
 * enqueueing path (new signatures for every caller), or an insert trigger, schema that only one
 * engine would have.
 */
export function onPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
