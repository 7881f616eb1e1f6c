import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely, RawBuilder } from 'kysely';
import type { Storage } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import { acquireInOneCall } from './acquire-in-one-call.js';
import { lockBudget } from './lock-budget.js';
import {
  type BudgetGrant,
  type BudgetOptions,
  type BudgetState,
  countingInstant,
  decideBudget,
  prunesStale,
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
  const decision = await acquirePlaces(storage, key, options, { places: 1 });
  if (!decision.granted) return decision;

  return { granted: true, id: firstOf(decision.ids), at: decision.at };
}

/** A request that was answered: its place moves to `at` (see `recordAnswer`). */
export interface Answered {
  id: string;
  at: Date;
}

/** What one `acquirePlaces` asks for, and what it settles of the caller's earlier places. */
export interface PlacesRequest {
  /** Places wanted; fewer are granted when fewer are free, never none. */
  places: number;
  /** Answers of earlier places, recorded before the decision. */
  answered?: readonly Answered[];
  /** Earlier places that will not be used, given back before the decision. */
  release?: readonly string[];
  /** A write stored together with the decision, granted or not (see `WriteBeside`). */
  beside?: WriteBeside | undefined;
}

/**
 * A write that must be stored before the granted request leaves, such as a step's `sent` mark:
 * one statement written as SQL, valid on both engines. It is stored with the grant atomically:
 * on PostgreSQL in the grant's own statement, which saves a second statement and the server
 * process it would wake; on SQLite in the grant's transaction, which saves a commit. It is stored
 * whether or not places are granted, and not at all when the grant fails.
 */
export type WriteBeside = RawBuilder<unknown>;

/** What `acquirePlaces` answers: the granted places' ids, all counted at `at`. */
export type PlacesGrant =
  | { granted: true; ids: string[]; at: Date }
  | { granted: false; wait_ms: number };

/**
 * `acquire` for several requests at once, so a worker that knows its next calls takes their
 * places in one transaction instead of one each; the answers and unused places of its earlier
 * grant are settled in the same transaction. Settled even when refused. PostgreSQL runs it as
 * one function call (`acquireInOneCall`), SQLite as a transaction.
 */
export async function acquirePlaces(
  storage: Storage,
  key: string,
  options: BudgetOptions,
  request: PlacesRequest,
): Promise<PlacesGrant> {
  if (storage.dialect === 'postgres') return acquireInOneCall(storage.db, key, options, request);

  return writeTransaction(storage, async (db) => {
    const { paused_until, full_until } = await lockBudget(db, storage.dialect, key);
    await request.beside?.execute(db);
    await settlePlaces(db, request);
    // Read the clock only now: a time taken before waiting for the lock would be stale.
    const { now, log } = await readLog(db, key, options.now ?? new Date(), options.window_ms);
    const decision = decideBudget({ ...log, paused_until }, now, options);
    if (!decision.granted) {
      await markFull(db, key, new Date(now.getTime() + decision.wait_ms));
      return decision;
    }

    const ids = newIds(Math.max(1, Math.min(request.places, options.limit - log.hits)));
    const at = now.toISOString();
    await db
      .insertInto('rate_budget_hits')
      .values(ids.map((id) => ({ id, key, at })))
      .execute();
    if (full_until !== null) await markFull(db, key, null);
    // Grants that left the window are deleted in batches, not one by one on every grant.
    if (prunesStale(log.first_at, now, options.window_ms))
      await pruneHits(db, key, windowStart(now, options.window_ms));

    return { granted: true, ids, at: now };
  });
}

/**
 * Records answers and gives back unused places, without asking for more: one statement each,
 * none when there is nothing to settle.
 */
export async function settlePlaces(
  db: Kysely<Database>,
  { answered = [], release = [] }: Omit<PlacesRequest, 'places'>,
): Promise<void> {
  if (answered.length > 0) await recordAnswers(db, answered);
  if (release.length > 0)
    await db.deleteFrom('rate_budget_hits').where('id', 'in', release).execute();
}

function newIds(count: number): string[] {
  return Array.from({ length: count }, () => randomUUID());
}

function firstOf(ids: readonly string[]): string {
  const [id] = ids;
  if (id === undefined) throw new Error('A grant carries at least one place');

  return id;
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
  await recordAnswers(db, [{ id: grant_id, at: answered_at }]);
}

/** `recordAnswer` for several requests in one statement. */
async function recordAnswers(db: Kysely<Database>, answered: readonly Answered[]): Promise<void> {
  await db
    .updateTable('rate_budget_hits')
    .set((eb) => ({ at: answerOf(eb, answered) }))
    .where(
      'id',
      'in',
      answered.map((a) => a.id),
    )
    .where((eb) => eb('at', '<', answerOf(eb, answered)))
    .execute();
}

/** The answer time of the row's id among `answered`, as a `case` expression. */
function answerOf(
  eb: ExpressionBuilder<Database, 'rate_budget_hits'>,
  answered: readonly Answered[],
) {
  const [first, ...rest] = answered;
  if (first === undefined) throw new Error('Nothing answered to record');
  let byId = eb.case().when('id', '=', first.id).then(first.at.toISOString());
  for (const a of rest) byId = byId.when('id', '=', a.id).then(a.at.toISOString());

  return byId.else(eb.ref('at')).end();
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

/** The key's log as seen from the counting instant: grants in the window, and its two ends. */
interface Log extends Omit<BudgetState, 'paused_until'> {
  newest_at: string | null;
  /** The oldest stored row, in the window or not: it decides when stale rows are deleted. */
  first_at: string | null;
}

async function readLog(db: Kysely<Database>, key: string, clock: Date, window_ms: number) {
  const seen = await countHits(db, key, windowStart(clock, window_ms));
  const now = countingInstant(clock, seen.newest_at);
  // A clock behind the newest grant counts from that grant: the window starts later.
  if (now === clock) return { now, log: seen };

  return { now, log: await countHits(db, key, windowStart(now, window_ms)) };
}

/**
 * Reads the log as PostgreSQL's `rate_budget_acquire` does: one statement, whose parts each read
 * the (key, at) index, the window's rows and one entry at either end, never the stale rows.
 */
async function countHits(db: Kysely<Database>, key: string, since: string): Promise<Log> {
  const ofKey = db.selectFrom('rate_budget_hits').where('key', '=', key);
  const inWindow = ofKey.where('at', '>', since);
  const row = await db
    .selectNoFrom([
      inWindow.select((eb) => eb.fn.countAll<number | string>().as('n')).as('hits'),
      inWindow.select((eb) => eb.fn.min('at').as('at')).as('oldest_at'),
      ofKey.select((eb) => eb.fn.max('at').as('at')).as('newest_at'),
      ofKey.select((eb) => eb.fn.min('at').as('at')).as('first_at'),
    ])
    .executeTakeFirstOrThrow();

  return {
    hits: Number(row.hits ?? 0),
    oldest_at: row.oldest_at ?? null,
    newest_at: row.newest_at ?? null,
    first_at: row.first_at ?? null,
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
