import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import { matchesSearch, searchWords } from './candidate-search.js';
import type { Candidate } from './candidates.js';
import { chooseSearchPlan, type SearchPlan } from './search-plan.js';
import type { Stage } from './stages.js';

/** A candidate row with the title of their job, for lists. */
export type CandidateListItem = Candidate & { job_title: string | null };

/** The search and filters of the candidate list. */
export interface CandidateFilters {
  q?: string | undefined;
  jobId?: string | undefined;
  stage?: Stage | undefined;
}

/** A row's place in the list's order (newest first): its `created_at`, then its `id`. */
export interface ListCursor {
  created_at: string;
  id: string;
}

/**
 * Where a page starts: the newest rows; the rows after or before a cursor (the Next and
 * Previous links); or an offset, for `?page=N` links made before cursors existed.
 */
export type ListPosition =
  | { from: 'start' }
  | { from: 'after'; cursor: ListCursor }
  | { from: 'before'; cursor: ListCursor }
  | { from: 'offset'; offset: number };

/** One page of the list, and whether rows exist on either side of it. */
export interface CandidatePage {
  items: CandidateListItem[];
  hasPrevious: boolean;
  hasNext: boolean;
}

/** What the list needs of a storage: the database and which engine it is. */
export interface ListStorage {
  db: Kysely<Database>;
  dialect: DialectName;
}

/** How a search is carried out; tests lower the threshold to try the walk on a few rows. */
export interface SearchOptions {
  /**
   * Above this many trigram matches a SQLite search walks the list in order, testing each
   * candidate, instead of reading and sorting every match. Default 1,000: at 100,000 candidates
   * the walk wins from about 600 matches spread over the list, and costs less as they grow.
   */
  walkAbove?: number;
}

/** The default of `SearchOptions.walkAbove`. */
export const WALK_ABOVE_MATCHES = 1_000;

type Filtered = ReturnType<typeof filteredCandidates>;

/** Lists one page of an account's candidates matching the filters, newest first. */
export async function listCandidates(
  storage: ListStorage,
  accountId: string,
  filters: CandidateFilters,
  position: ListPosition,
  perPage: number,
  options: SearchOptions = {},
): Promise<CandidatePage> {
  const plan = await choosePlan(storage, filters, options.walkAbove ?? WALK_ABOVE_MATCHES);
  const base = filteredCandidates(storage, accountId, filters, plan);
  if (position.from === 'before') return pageBefore(base, position.cursor, perPage);

  const after = position.from === 'after' ? position.cursor : undefined;
  const offset = position.from === 'offset' ? position.offset : 0;
  const rows = await pageQuery(base, after, 'desc', perPage + 1)
    .offset(offset)
    .execute();

  return {
    items: rows.slice(0, perPage),
    hasPrevious: after !== undefined || offset > 0,
    hasNext: rows.length > perPage,
  };
}

/** The page just before a cursor: read upwards in ascending order, shown newest first. */
async function pageBefore(base: Filtered, cursor: ListCursor, perPage: number) {
  const rows = await pageQuery(base, cursor, 'asc', perPage + 1).execute();

  return {
    items: rows.slice(0, perPage).reverse(),
    hasPrevious: rows.length > perPage,
    hasNext: true,
  };
}

/**
 * The rows on one side of the cursor, in the order of the `(account_id, …, created_at, id)`
 * indexes, so the page costs the same at the first row or the millionth.
 */
function pageQuery(
  base: Filtered,
  cursor: ListCursor | undefined,
  direction: 'asc' | 'desc',
  limit: number,
) {
  const side = direction === 'desc' ? '<' : '>';
  const rows = cursor
    ? base.where((eb) =>
        eb(eb.refTuple('c.created_at', 'c.id'), side, eb.tuple(cursor.created_at, cursor.id)),
      )
    : base;

  return rows
    .leftJoin('jobs as j', 'j.id', 'c.job_id')
    .selectAll('c')
    .select('j.title as job_title')
    .orderBy('c.created_at', direction)
    .orderBy('c.id', direction)
    .limit(limit);
}

/**
 * How many candidates match, counted up to `cap`: `more` says there are more than that. On
 * SQLite a search with over twice `cap` trigram matches walks the list, stopping at `cap + 1`
 * matches; with fewer it counts the matches. At 100,000 candidates a match costs about 3 µs
 * to count and the walk 0.5 µs a row (more per non-ASCII letter), so the walk wins for a
 * common word (7 ms for one every candidate has, against 110) but not just above the cap.
 */
export async function countCandidates(
  storage: ListStorage,
  accountId: string,
  filters: CandidateFilters,
  cap: number,
): Promise<{ count: number; more: boolean }> {
  const plan = await choosePlan(storage, filters, 2 * cap);
  // A walk keeps the list's order so SQLite stays on the account's index; it chose a scan of
  // every account's candidates without it. PostgreSQL needs no help, and before its first
  // ANALYZE it would sort the whole account for that ORDER BY.
  const ordered = storage.dialect === 'sqlite' && plan.use === 'walk';
  const capped = filteredCandidates(storage, accountId, filters, plan)
    .select('c.id')
    .$if(ordered, (q) => q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc'))
    .limit(cap + 1)
    .as('capped');
  const row = await storage.db
    .selectFrom(capped)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const n = Number(row?.n ?? 0);

  return { count: Math.min(n, cap), more: n > cap };
}

function choosePlan(storage: ListStorage, filters: CandidateFilters, walkAbove: number) {
  return chooseSearchPlan(storage, searchWords(filters.q), walkAbove);
}

function filteredCandidates(
  storage: ListStorage,
  accountId: string,
  filters: CandidateFilters,
  plan: SearchPlan,
) {
  const words = searchWords(filters.q);
  const search = matchesSearch(storage.dialect, words, plan);

  return storage.db
    .selectFrom('candidates as c')
    .where(accountColumn(storage.dialect, plan), '=', accountId)
    .$if(Boolean(filters.jobId), (q) => q.where('c.job_id', '=', filters.jobId ?? ''))
    .$if(Boolean(filters.stage), (q) => q.where('c.stage', '=', filters.stage ?? 'new'))
    .$if(words.length > 0, (q) => q.where((eb) => eb.and(search)));
}

/**
 * SQLite without statistics (nothing here runs ANALYZE) prefers walking the account's index and
 * testing each row against the trigram matches, which reads every candidate when few match. Unless
 * the plan is that walk, the unary `+` keeps `account_id` out of index choice, so the matches
 * drive the query and are sorted.
 */
function accountColumn(dialect: DialectName, plan: SearchPlan) {
  return dialect === 'sqlite' && plan.use !== 'walk' ? sql<string>`+c.account_id` : 'c.account_id';
}
