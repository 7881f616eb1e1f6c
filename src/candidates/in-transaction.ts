import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../storage/schema.js';

/**
 * Runs `work` in a transaction, joining the caller's when `db` already is one (Kysely cannot
 * nest transactions).
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);

  return db.transaction().execute(work);
}
