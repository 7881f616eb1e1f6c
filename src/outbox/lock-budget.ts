import type { Kysely } from 'kysely';
import type { DialectName } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import type { RateBudgetRow } from './tables.js';

/**
 * Makes sure the key's row exists and, inside the caller's transaction, holds it until commit, so
 * acquirers of one key run one after another. PostgreSQL: a row lock (`FOR UPDATE`); under READ
 * COMMITTED each later statement then sees what the previous holder committed. SQLite: the caller's
 * `BEGIN IMMEDIATE` already holds the whole database. The row is created only the first time.
 */
export async function lockBudget(
  db: Kysely<Database>,
  dialect: DialectName,
  key: string,
): Promise<Omit<RateBudgetRow, 'key'>> {
  const row = await selectLocked(db, dialect, key);
  if (row) return row;

  await db
    .insertInto('rate_budgets')
    .values({ key, paused_until: null, full_until: null })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const created = await selectLocked(db, dialect, key);
  if (!created) throw new Error(`The rate budget ${key} could not be created`);

  return created;
}

function selectLocked(db: Kysely<Database>, dialect: DialectName, key: string) {
  return db
    .selectFrom('rate_budgets')
    .select(['paused_until', 'full_until'])
    .where('key', '=', key)
    .$if(dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
}
