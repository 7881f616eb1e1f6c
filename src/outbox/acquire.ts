import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Storage } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import { lockBudget } from './lock-budget.js';
import {
  type BudgetDecision,
  type BudgetOptions,
  type BudgetState,
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
): Promise<BudgetDecision> {
  const now = options.now ?? new Date();

  return writeTransaction(storage, async (db) => {
    const { paused_until } = await lockBudget(db, storage.dialect, key);
    const since = windowStart(now, options.window_ms);
    await pruneHits(db, key, since);
    const decision = decideBudget(
      { ...(await countHits(db, key, since)), paused_until },
      now,
      options,
    );
    if (decision.granted) await recordHit(db, key, now);

    return decision;
  });
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
