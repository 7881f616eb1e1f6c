import type { Kysely } from 'kysely';
import type { DialectName } from '../storage/database.js';
import type { Database } from '../storage/schema.js';

/**
 * Makes sure the key's row exists and, inside the caller's transaction, holds it until commit, so
 * acquirers of one key run one after another. PostgreSQL: a row lock (`FOR UPDATE`); under READ
 * COMMITTED each later statement then sees what the previous holder committed. SQLite: the caller's
 * `BEGIN IMMEDIATE` already holds the whole database.
 */
export async function lockBudget(
  db: Kysely<Database>,
  dialect: DialectName,
  key: string,
): Promise<{ paused_until: string | null }> {
  await db
    .insertInto('rate_budgets')
    .values({ key, paused_until: null })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('rate_budgets')
    .select('paused_until')
    .where('key', '=', key)
    .$if(dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirstOrThrow();

  return row;
}
