/** Where a task is in its life; `live_key` holds its dedup key only while it is live. */
export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'dead' | 'parked';

/** A row of `outbox_tasks`, exactly as stored. */
export interface OutboxTaskRow {
  id: string;
  kind: string;
  /** JSON text; parsed by the task's handler, which owns its shape. */
  payload: string;
  dedup_key: string | null;
  /** `dedup_key` while queued, running or parked; NULL once succeeded or dead. */
  live_key: string | null;
  status: TaskStatus;
  /** How many times the task has been claimed to run (waits and parking are not counted). */
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  /** Fresh for every claim, so a stale owner can never touch a task claimed again. */
  lock_token: string | null;
  locked_until: string | null;
  last_error: string | null;
  park_reason: string | null;
  /** The rate budget the task's calls draw from; while it is full the task is not claimed. */
  budget_key: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of `rate_budgets`: the lock row of one budget, with any Retry-After pause. */
export interface RateBudgetRow {
  key: string;
  paused_until: string | null;
  /** Set when a request was refused: no place frees before it, so its tasks are not claimed. */
  full_until: string | null;
}

/** A row of `rate_budget_hits`: one granted request inside the sliding window. */
export interface RateBudgetHitRow {
  id: string;
  key: string;
  at: string;
}

/** The outbox's tables, merged into the `Database` interface. */
export interface OutboxTables {
  outbox_tasks: OutboxTaskRow;
  rate_budgets: RateBudgetRow;
  rate_budget_hits: RateBudgetHitRow;
}
