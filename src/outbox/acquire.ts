import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Storage } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import { lockBudget } from './lock-budget.js';
import {
  type BudgetGrant,
  type BudgetOptions,
  type BudgetState,
  countingInstant,
  decideBudget,
  windowStart,
} from './rate-budget.js';
import { writeTransaction } from './write-transaction.js';

/**
 * Asks the shared budget of `key` for one request. Atomic across processes: the key's row is
 * locked for the decision, so concurrent acquirers together never exceed `limit` in any window.
 * When refused, `wait_ms` says how long until a place frees (or a Retry-After pause ends).
 */
export async function acquire(
  storage: Storage,
  key: string,
  options: BudgetOptions,
): Promise<BudgetGrant> {
  return writeTransaction(storage, async (db) => {
    const { paused_until } = await lockBudget(db, storage.dialect, key);
    // Read the clock only now: a time taken before waiting for the lock would be stale.
    const now = countingInstant(options.now ?? new Date(), await newestHit(db, key));
    const since = windowStart(now, options.window_ms);
    await pruneHits(db, key, since);
    const state = { ...(await countHits(db, key, since)), paused_until };
    const decision = decideBudget(state, now, options);
    if (!decision.granted) return decision;

    await recordHit(db, key, now);

    return { granted: true, at: now };
  });
}

async function newestHit(db: Kysely<Database>, key: string): Promise<string | null> {
  const row = await db
    .selectFrom('rate_budget_hits')
    .select((eb) => eb.fn.max('at').as('newest_at'))
    .where('key', '=', key)
    .executeTakeFirst();

  return row?.newest_at ?? null;
}

async function pruneHits(db: Kysely<Database>, key: string, since: string): Promise<void> {
  await db.deleteFrom('rate_budget_hits').where('key', '=', key).where('at', '<=', since).execute();
}

async function countHits(
  db: Kysely<Database>,
  key: string,
  since: string,
): Promise<Omit<BudgetState, 'paused_until'>> {
  const row = await db
    .selectFrom('rate_budget_hits')
    .select((eb) => [eb.fn.countAll<number | string>().as('hits'), eb.fn.min('at').as('oldest_at')])
    .where('key', '=', key)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();

  return { hits: Number(row.hits), oldest_at: row.oldest_at ?? null };
}

async function recordHit(db: Kysely<Database>, key: string, now: Date): Promise<void> {
  await db
    .insertInto('rate_budget_hits')
    .values({ id: randomUUID(), key, at: now.toISOString() })
    .execute();
}
