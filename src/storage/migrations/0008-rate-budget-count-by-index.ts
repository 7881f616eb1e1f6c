import { type Kysely, sql } from 'kysely';
import * as rateBudgetFunction from './0007-rate-budget-function.js';
import { isPostgres } from './is-postgres.js';

/**
 * PostgreSQL: `rate_budget_acquire` of migration 0007, with the same signature and answers, but
 * a count that reads only what it needs. 0007 counted with one aggregate over every stored row
 * of the key, stale or not, on every grant: with a thousand rows stored that one statement was
 * most of the grant's time. Now the count reads the (key, at) index of migration 0002: the rows
 * in the window, and one entry at either end of the key.
 *
 * Recording answers looked the same way: the update joined the whole log to the answers, where
 * a lookup of each by its primary key is all it needs.
 *
 * Counting the stale rows is what decided when to delete them, so pruning follows a new rule,
 * decided from the oldest stored row alone, as `prunesStale` does. The log is read as
 * `countHits` reads it, and the decision is still `decideBudget`'s and `countingInstant`'s:
 * SQLite runs all of them in TypeScript, and `acquire.test.ts` runs the same cases against both.
 *
 * SQLite: nothing; its grant stays a `BEGIN IMMEDIATE` transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;

  await replaceAcquireFunction(db);
}

/** Puts back 0007's function. */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;

  // Through 0007's own statements, so the function comes back exactly as it shipped.
  await rateBudgetFunction.down(db);
  await rateBudgetFunction.up(db);
}

/** The parameters and answers are those of 0007's function, which says what they mean. */
async function replaceAcquireFunction(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function rate_budget_acquire(
      p_key text, p_places bigint, p_limit bigint, p_window_ms bigint,
      p_clock timestamptz, p_clock_fixed boolean, p_ids text[],
      p_answered_ids text[], p_answered_ats text[], p_release text[]
    ) returns table (granted boolean, place_ids text[], counted_at text, wait_ms bigint)
    language plpgsql volatile
    as $fn$
    declare
      v_paused text;
      v_full text;
      v_window interval := p_window_ms * interval '1 millisecond';
      v_clock timestamptz;
      v_now timestamptz;
      v_since text;
      v_hits bigint;
      v_oldest text;
      v_newest text;
      v_first text;
      v_wait bigint;
      v_count integer;
    begin
      -- A snapshot older than the lock would miss the previous holder's grants: refuse loudly.
      if current_setting('transaction_isolation') <> 'read committed' then
        raise exception 'rate_budget_acquire needs READ COMMITTED isolation, not %',
          current_setting('transaction_isolation');
      end if;

      -- The key's row, created the first time, held until commit: acquirers go one at a time.
      select b.paused_until, b.full_until into v_paused, v_full
        from rate_budgets b where b.key = p_key for update;
      if not found then
        insert into rate_budgets (key, paused_until, full_until) values (p_key, null, null)
          on conflict (key) do nothing;
        select b.paused_until, b.full_until into strict v_paused, v_full
          from rate_budgets b where b.key = p_key for update;
      end if;

      -- Settled before the count, so the decision sees the caller's answers and returns. Each
      -- answer finds its row by the primary key: joined to the unnested arrays instead, the
      -- planner scans the whole log for a handful of rows.
      update rate_budget_hits h set at = p_answered_ats[array_position(p_answered_ids, h.id)]
        where h.id = any(p_answered_ids)
          and h.at < p_answered_ats[array_position(p_answered_ids, h.id)];
      delete from rate_budget_hits h where h.id = any(p_release);

      v_clock := case when p_clock_fixed then p_clock
        else date_trunc('milliseconds', p_clock + (clock_timestamp() - statement_timestamp()))
      end;
      v_now := v_clock;
      -- A clock behind the newest grant counts from that grant (see countingInstant).
      for pass in 1..2 loop
        v_since := rate_budget_instant(v_now - v_window);
        -- One statement, so one snapshot, as the single aggregate it replaces. Through the
        -- (key, at) index: the window's rows, then one entry each for its oldest, the key's
        -- newest and the key's oldest; stale rows are not read.
        select
            (select count(*) from rate_budget_hits h where h.key = p_key and h.at > v_since),
            (select min(h.at) from rate_budget_hits h where h.key = p_key and h.at > v_since),
            (select max(h.at) from rate_budget_hits h where h.key = p_key),
            (select min(h.at) from rate_budget_hits h where h.key = p_key)
          into v_hits, v_oldest, v_newest, v_first;
        -- Decided on the second count as it stands: a call counted without the lock meanwhile
        -- may be newer still, and moving the instant again would leave it uncounted.
        exit when pass = 2 or v_newest is null or v_newest::timestamptz <= v_now;
        v_now := v_newest::timestamptz;
      end loop;

      -- The decision (see decideBudget): a Retry-After pause, then the window's places.
      v_wait := greatest(0, extract(epoch from (v_paused::timestamptz - v_now)) * 1000);
      if v_wait = 0 and v_hits >= p_limit then
        v_wait := greatest(1, extract(epoch from
          (coalesce(v_oldest::timestamptz, v_now) + v_window - v_now)) * 1000);
      end if;
      if v_wait > 0 then
        update rate_budgets b
          set full_until = rate_budget_instant(v_now + v_wait * interval '1 millisecond')
          where b.key = p_key;
        return query select false, null::text[], null::text, v_wait;
        return;
      end if;

      v_count := greatest(1, least(p_places, p_limit - v_hits));
      insert into rate_budget_hits (id, key, at)
        select n.id, p_key, rate_budget_instant(v_now) from unnest(p_ids[1:v_count]) as n(id);
      if v_full is not null then
        update rate_budgets b set full_until = null where b.key = p_key;
      end if;
      -- Grants that left the window are deleted in batches, not one by one on every grant: all
      -- at once when the oldest stored row is a window older than the window start (see
      -- prunesStale). The count of stale rows that once decided this is no longer read; stale
      -- rows now span at most one window of grants, about p_limit, as before.
      if v_first <= rate_budget_instant(v_now - 2 * v_window) then
        delete from rate_budget_hits h
          where h.key = p_key and h.at <= rate_budget_instant(v_now - v_window);
      end if;
      return query select true, p_ids[1:v_count], rate_budget_instant(v_now), null::bigint;
    end
    $fn$
  `.execute(db);
}
