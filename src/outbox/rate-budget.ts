/**
 * A rate budget: at most `limit` grants in any `window_ms` span, shared by every process through
 * the database.
 *
 * Why a sliding log: a fixed window (count per clock minute) lets `limit` requests through at the
 * end of one window and `limit` more at the start of the next, 2x the limit within one rolling
 * span; a token bucket refilling at limit/window also admits more than `limit` in some span (a
 * full bucket plus its refill). A server that counts over a rolling window rejects both. Keeping
 * the instant of every grant of the last window is exact: a grant is given only while fewer than
 * `limit` grants fall inside the window ending now. It costs at most `limit` rows per key.
 *
 * A grant is timed at the worker, but the server counts the request when it arrives, which is
 * later by a varying delay: a grant that expires `window_ms` after it was given could let a
 * quickly sent request land within `window_ms` of a slowly sent earlier one. So a request keeps
 * its place until its answer is in (`recordAnswer` moves its instant to the answer's): it
 * arrived before that, so a grant `window_ms` after the answer cannot share a server window with
 * it. What is left to pad `window_ms` (or `limit`) for is clock skew between worker hosts and
 * calls made outside the budget. The clock is read only once the key is locked, and never behind
 * the newest grant, so the log stays in order even when a process waited for the lock or its
 * clock runs behind.
 */
export interface BudgetOptions {
  /** Grants allowed in any span of `window_ms`. */
  limit: number;
  /** Length of the rolling window; keep it the same for every caller of one key. */
  window_ms: number;
  /** The clock, for tests; default the system clock, read once the key is locked. */
  now?: Date;
}

/** The answer to one request for budget. */
export type BudgetDecision = { granted: true } | { granted: false; wait_ms: number };

/**
 * What `acquire` answers: a grant carries its id (for `recordAnswer`) and the instant it was
 * counted at.
 */
export type BudgetGrant =
  | { granted: true; id: string; at: Date }
  | { granted: false; wait_ms: number };

/** What the database knows about one key at the moment of asking. */
export interface BudgetState {
  /** Grants inside the window ending now. */
  hits: number;
  /** Instant of the oldest of those grants, or null when there are none. */
  oldest_at: string | null;
  /** Set by a server's Retry-After; nothing is granted before it. */
  paused_until: string | null;
}

/** Decides one request from the key's state: the pure part of `acquire`. */
export function decideBudget(
  state: BudgetState,
  now: Date,
  options: BudgetOptions,
): BudgetDecision {
  const pausedFor = state.paused_until ? Date.parse(state.paused_until) - now.getTime() : 0;
  if (pausedFor > 0) return { granted: false, wait_ms: pausedFor };
  if (state.hits < options.limit) return { granted: true };

  // The oldest grant leaves the window first, freeing one place.
  const oldest = state.oldest_at ? Date.parse(state.oldest_at) : now.getTime();

  return { granted: false, wait_ms: Math.max(1, oldest + options.window_ms - now.getTime()) };
}

/** The instant a request is counted at: the clock, but never before the newest grant. */
export function countingInstant(clock: Date, newest_at: string | null): Date {
  const newest = newest_at ? Date.parse(newest_at) : 0;

  return newest > clock.getTime() ? new Date(newest) : clock;
}

/** The instant before which a grant no longer counts, as stored text. */
export function windowStart(now: Date, window_ms: number): string {
  return new Date(now.getTime() - window_ms).toISOString();
}

/**
 * Whether a grant at `now` deletes the key's rows at or before the window start: only once the
 * oldest stored row (`first_at`) is a whole window or more older than the window start.
 */
export function prunesStale(first_at: string | null, now: Date, window_ms: number): boolean {
  // Decided from one end of the (key, at) index, as counting the stale rows would read them
  // all. Deleting only then keeps deletes batched, and stale rows span at most one window of
  // grants, about `limit` of them: the same order of bound as counting them gave. A key used
  // less than once in two windows deletes its few stale rows at every grant instead.
  //
  // It assumes an answer is recorded within a window of its grant (a run records its answers a
  // quarter window after the grant at the latest, see `BudgetedRun`): a row deleted before its
  // answer came could no longer be moved into the window by it, and the budget would count one
  // call too few. The old rule, which kept up to `limit` stale rows, assumed less.
  return first_at !== null && first_at <= windowStart(now, 2 * window_ms);
}
