import { type Kysely, sql } from 'kysely';
import { isPostgres } from './is-postgres.js';

/**
 * PostgreSQL: the rate budget's grant as one function, so a worker's `acquirePlaces` is one round
 * trip instead of a transaction of five (BEGIN, the key's row lock, the log's count, the insert,
 * COMMIT). Before a hand-off's first request to Gusto those five were most of Hirebridge's own
 * time on PostgreSQL. It cannot be one plain statement: a statement reads the database as it was
 * when it began, before it waited for the key's lock, so it would not see what the previous
 * holder of the lock granted. Inside a function each statement reads afresh, as in the
 * transaction it replaces, under PostgreSQL's default isolation, READ COMMITTED, which this
 * relies on (so did that transaction): under REPEATABLE READ the count would miss them, so the
 * function refuses to run there.
 *
 * The function decides as `decideBudget` and `countingInstant` do, which SQLite still runs in
 * TypeScript; `acquire.test.ts` runs the same cases against both. Instants are stored as
 * ISO 8601 text with milliseconds and `Z`, as `Date.toISOString` writes them, so text order is
 * time order on both engines.
 *
 * SQLite: nothing; its grant stays a `BEGIN IMMEDIATE` transaction, with no round trips to save.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;

  await createInstantFunction(db);
  await createAcquireFunction(db);
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;

  await sql`drop function if exists rate_budget_acquire`.execute(db);
  await sql`drop function if exists rate_budget_instant`.execute(db);
}

/** An instant as the budget stores it: `2026-01-01T00:00:00.000Z`. */
async function createInstantFunction(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function rate_budget_instant(t timestamptz) returns text
    language sql stable strict
    as $fn$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $fn$
  `.execute(db);
}

/**
 * `p_clock` is the caller's clock, read once it held a connection. Unless `p_clock_fixed` (a
 * test's clock), the server adds the time since the statement arrived, the wait for the key's
 * lock included, so the budget counts from the caller's clock as it stands once the key is
 * locked, as the TypeScript grant does; every instant in the log (grants, answers, calls
 * counted without asking) stays on the workers' clocks, not the database's. `p_ids` holds at
 * least `p_places` new ids; the first granted ones are used.
 */
async function createAcquireFunction(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function rate_budget_acquire(
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
      v_stored bigint;
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

      -- Settled before the count, so the decision sees the caller's answers and returns.
      update rate_budget_hits h set at = a.at
        from unnest(p_answered_ids, p_answered_ats) as a(id, at)
        where h.id = a.id and h.at < a.at;
      delete from rate_budget_hits h where h.id = any(p_release);

      v_clock := case when p_clock_fixed then p_clock
        else date_trunc('milliseconds', p_clock + (clock_timestamp() - statement_timestamp()))
      end;
      v_now := v_clock;
      -- A clock behind the newest grant counts from that grant (see countingInstant).
      for pass in 1..2 loop
        v_since := rate_budget_instant(v_now - v_window);
        select coalesce(sum(case when h.at > v_since then 1 else 0 end), 0),
               min(case when h.at > v_since then h.at end), max(h.at), count(*)
          into v_hits, v_oldest, v_newest, v_stored
          from rate_budget_hits h where h.key = p_key;
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
      -- Grants that left the window are deleted in batches, not one by one on every grant.
      if v_stored - v_hits > p_limit then
        delete from rate_budget_hits h
          where h.key = p_key and h.at <= rate_budget_instant(v_now - v_window);
      end if;
      return query select true, p_ids[1:v_count], rate_budget_instant(v_now), null::bigint;
    end
    $fn$
  `.execute(db);
}
