import { type Kysely, PostgresAdapter } from 'kysely';

/** Whether a migration runs on PostgreSQL: Kysely hands migrations no dialect name, the adapter
 * is the one place that knows. */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
