import { type Kysely, PostgresAdapter } from 'kysely';

/** Whether a migration runs on PostgreSQL. */
export function isPostgres(db: Kysely<unknown>): boolean {
  // Kysely hands migrations no dialect name; the adapter is the one place that knows.
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
