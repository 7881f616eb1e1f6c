import { type Kysely, sql } from 'kysely';
import type { Storage } from '../storage/database.js';
import type { Database } from '../storage/schema.js';

/**
 * Runs `work` in a transaction that holds the write lock from its first statement.
 *
 * SQLite: `BEGIN IMMEDIATE` takes the database's single write lock up front, so a read followed
 * by a write can never interleave with another process's writer (a plain deferred BEGIN could
 * read a stale snapshot and then fail to upgrade). Other processes wait on `busy_timeout`.
 * PostgreSQL: an ordinary transaction; callers take row locks themselves.
 */
export async function writeTransaction<T>(
  storage: Storage,
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (storage.dialect === 'postgres') return storage.db.transaction().execute(work);

  return storage.db.connection().execute(async (db) => {
    await sql`begin immediate`.execute(db);
    try {
      const result = await work(db);
      await sql`commit`.execute(db);

      return result;
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  });
}
