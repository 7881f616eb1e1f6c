import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { keepPrepared } from '../storage/prepared.js';
import type { Database } from '../storage/schema.js';
import type { PlacesGrant, PlacesRequest } from './acquire.js';
import type { BudgetOptions } from './rate-budget.js';

/** The row `rate_budget_acquire` answers. */
interface AcquireRow {
  granted: boolean;
  place_ids: string[] | null;
  counted_at: string | null;
  wait_ms: number | string | null;
}

/**
 * PostgreSQL's `acquirePlaces`: the function of migration 0007 (its count as of 0008) locks the
 * key, settles the earlier places, decides and writes in one round trip, where the transaction
 * it replaces took five.
 * The clock is the caller's, advanced there by the wait for the key's lock. A write beside the
 * grant is a data-modifying `with` of the same statement: it runs whatever the function decides,
 * and the statement's one commit stores both.
 */
export async function acquireInOneCall(
  db: Kysely<Database>,
  key: string,
  options: BudgetOptions,
  { places, answered = [], release = [], beside }: PlacesRequest,
): Promise<PlacesGrant> {
  // No more ids than the limit could ever grant at once, whatever was asked for.
  const wanted = Math.max(1, Math.min(Math.trunc(places) || 1, options.limit));
  const ids = Array.from({ length: wanted }, () => randomUUID());
  // The clock is read once a pooled connection is in hand: a wait for one is not lost.
  const { rows } = await db.connection().execute((conn) => {
    const clock = options.now ?? new Date();

    // A data-modifying `with` runs to completion whether or not the query reads it, in the
    // statement's one transaction: that, not a subquery, is what makes the two one commit.
    const write = beside ? sql`with beside as (${beside}) ` : sql``;

    return sql<AcquireRow>`${write}
      select * from rate_budget_acquire(
        ${key}, ${ids.length}, ${options.limit}, ${options.window_ms},
        ${clock.toISOString()}::timestamptz, ${options.now !== undefined}, ${ids}::text[],
        ${answered.map((a) => a.id)}::text[], ${answered.map((a) => a.at.toISOString())}::text[],
        ${[...release]}::text[]
      ) ${keepPrepared}`.execute(conn);
  });

  return fromRow(rows[0]);
}

function fromRow(row: AcquireRow | undefined): PlacesGrant {
  if (row?.granted && row.place_ids && row.counted_at) {
    return { granted: true, ids: row.place_ids, at: new Date(row.counted_at) };
  }
  if (row && !row.granted && row.wait_ms !== null) {
    return { granted: false, wait_ms: Number(row.wait_ms) };
  }

  throw new Error(`rate_budget_acquire answered ${JSON.stringify(row)}`);
}
