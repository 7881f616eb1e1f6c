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
 * When refused, `wait_ms` says how long until a place frees (or a Retry-After pause ends), and
 * the budget is marked full until then, so the outbox leaves its other tasks queued meanwhile.
 */
export async function acquire(
  storage: Storage,
  key: string,
  options: BudgetOptions,
): Promise<BudgetGrant> {
  return writeTransaction(storage, async (db) => {
    const { paused_until, full_until } = await lockBudget(db, storage.dialect, key);
    // Read the clock only now: a time taken before waiting for the lock would be stale.
    const { now, log } = await readLog(db, key, options.now ?? new Date(), options.window_ms);
    const decision = decideBudget({ ...log, paused_until }, now, options);
    if (!decision.granted) {
      await markFull(db, key, new Date(now.getTime() + decision.wait_ms));
      return decision;
    }

    const id = randomUUID();
    await db.insertInto('rate_budget_hits').values({ id, key, at: now.toISOString() }).execute();
    if (full_until !== null) await markFull(db, key, null);
    // Grants that left the window are deleted in batches, not one by one on every grant.
    if (log.stale > options.limit) await pruneHits(db, key, windowStart(now, options.window_ms));

    return { granted: true, id, at: now };
  });
}

/**
 * Moves a granted request's instant to when its answer arrived: the request reached the server
 * at some moment up to then, so it keeps its place in the window until `window_ms` after it.
 * Never moves an instant back. Call it whatever the answer was (an error, a timeout).
 */
export async function recordAnswer(
  db: Kysely<Database>,
  grant_id: string,
  answered_at: Date = new Date(),
): Promise<void> {
  const at = answered_at.toISOString();
  await db
    .updateTable('rate_budget_hits')
    .set({ at })
    .where('id', '=', grant_id)
    .where('at', '<', at)
    .execute();
}

/**
 * Counts a request made without asking (a person is waiting on it), so acquirers of the key
 * leave room for it; returns its id for `recordAnswer`. Never refused: when the budget is full
 * the request may exceed it, which is why callers of `acquire` keep a margin below the server's
 * limit for such requests.
 */
export async function countCall(
  db: Kysely<Database>,
  key: string,
  at: Date = new Date(),
): Promise<string> {
  const id = randomUUID();
  await db.insertInto('rate_budget_hits').values({ id, key, at: at.toISOString() }).execute();

  return id;
}

/** The key's log as seen from the counting instant: grants in the window, and stale ones. */
interface Log extends Omit<BudgetState, 'paused_until'> {
  newest_at: string | null;
  /** Grants that left the window but are still stored. */
  stale: number;
}

async function readLog(db: Kysely<Database>, key: string, clock: Date, window_ms: number) {
  const seen = await countHits(db, key, windowStart(clock, window_ms));
  const now = countingInstant(clock, seen.newest_at);
  // A clock behind the newest grant counts from that grant: the window starts later.
  if (now === clock) return { now, log: seen };

  return { now, log: await countHits(db, key, windowStart(now, window_ms)) };
}

async function countHits(db: Kysely<Database>, key: string, since: string): Promise<Log> {
  const row = await db
    .selectFrom('rate_budget_hits')
    .select((eb) => {
      const inWindow = eb('at', '>', since);
      return [
        eb.fn
          .sum<number | string | null>(eb.case().when(inWindow).then(1).else(0).end())
          .as('hits'),
        eb.fn.min(eb.case().when(inWindow).then(eb.ref('at')).end()).as('oldest_at'),
        eb.fn.max('at').as('newest_at'),
        eb.fn.countAll<number | string>().as('stored'),
      ];
    })
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  const hits = Number(row.hits ?? 0);

  return {
    hits,
    oldest_at: row.oldest_at ?? null,
    newest_at: row.newest_at ?? null,
    stale: Number(row.stored) - hits,
  };
}

async function markFull(db: Kysely<Database>, key: string, until: Date | null): Promise<void> {
  await db
    .updateTable('rate_budgets')
    .set({ full_until: until?.toISOString() ?? null })
    .where('key', '=', key)
    .execute();
}

async function pruneHits(db: Kysely<Database>, key: string, since: string): Promise<void> {
  await db.deleteFrom('rate_budget_hits').where('key', '=', key).where('at', '<=', since).execute();
}
