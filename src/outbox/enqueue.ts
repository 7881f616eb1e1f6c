import { randomUUID } from 'node:crypto';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { TaskClaim } from './hand-over.js';
import { onPostgres, queuedNotice } from './notify-queued.js';
import type { OutboxTaskRow, TaskStatus } from './tables.js';
import { type OutboxTask, toTask } from './task.js';

/** Attempts a task gets when `enqueue` is not told otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 10;

/** What to enqueue. */
export interface EnqueueSpec {
  kind: string;
  /** Any JSON-serialisable value; the handler of `kind` parses it. */
  payload: unknown;
  /** At most one live (queued, running or parked) task holds a key; default none. */
  dedup_key?: string;
  /** Earliest start; default now. */
  run_at?: Date;
  /** Default `DEFAULT_MAX_ATTEMPTS`. */
  max_attempts?: number;
  /** The rate budget (`acquire` key) the task's calls draw from; default none. */
  budget_key?: string;
  /**
   * Written already claimed for this worker, its first attempt counted, for a caller that holds
   * one of the worker's places (`reserveWorkerSlot`) and hands it the task; no notice is sent.
   * Default: queued, for any worker to claim.
   */
  claimed_by?: TaskClaim;
}

/** The task now live for the spec, and whether this call created it. */
export interface EnqueueResult {
  task: OutboxTask;
  created: boolean;
}

/**
 * Adds a task, or returns the live task already holding its dedup key. Takes a Kysely handle so
 * callers can enqueue inside their own transaction, atomically with the change that causes it.
 * On PostgreSQL a new task also wakes the workers of other processes when that transaction
 * commits; callers still ring `wakeWorkers()` after the commit for this process's workers.
 */
export async function enqueue(db: Kysely<Database>, spec: EnqueueSpec): Promise<EnqueueResult> {
  const { claimed_by: _, ...queued } = spec;
  const row = newRow((await budgetIsFull(db, spec)) ? queued : spec);
  // The live holder of a key can finish between our insert and our read; a few rounds settle it.
  for (let round = 0; round < 5; round++) {
    const inserted = await insertUnlessKeyIsLive(db, row);
    if (inserted) return { task: toTask(inserted), created: true };

    const live = await findLive(db, row.live_key);
    if (live) return { task: toTask(live), created: false };
  }
  throw new Error(`Could not enqueue ${spec.kind}: its dedup key kept changing hands`);
}

/**
 * The row `enqueue` would insert for `spec`: for a caller that inserts it in a statement of its
 * own (see `insertTaskAfter`). The task is queued, not yet attempted, unless `claimed_by`.
 */
export function newRow(spec: EnqueueSpec): OutboxTaskRow {
  const now = new Date().toISOString();
  const key = spec.dedup_key ?? null;
  const row = queuedRow(spec, now, key);
  if (!spec.claimed_by) return row;

  // As `claim` would leave it.
  const { worker_id, lock_ms } = spec.claimed_by;
  return {
    ...row,
    status: 'running',
    attempts: 1,
    locked_by: worker_id,
    lock_token: randomUUID(),
    locked_until: new Date(Date.parse(now) + lock_ms).toISOString(),
  };
}

function queuedRow(spec: EnqueueSpec, now: string, key: string | null): OutboxTaskRow {
  return {
    id: randomUUID(),
    kind: spec.kind,
    payload: JSON.stringify(spec.payload ?? null),
    dedup_key: key,
    live_key: key,
    status: 'queued',
    attempts: 0,
    max_attempts: spec.max_attempts ?? DEFAULT_MAX_ATTEMPTS,
    run_at: (spec.run_at ?? new Date()).toISOString(),
    locked_by: null,
    lock_token: null,
    locked_until: null,
    last_error: null,
    park_reason: null,
    budget_key: spec.budget_key ?? null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * Whether a task to be written claimed draws from a budget that is full or paused now: `claim`
 * leaves such tasks queued (`budgetHasRoom`), and so does `claimed_by`, or the task would run
 * straight into the refusal, or a Retry-After pause, and be put back.
 */
async function budgetIsFull(db: Kysely<Database>, spec: EnqueueSpec): Promise<boolean> {
  if (!spec.claimed_by || spec.budget_key === undefined) return false;
  const { full } = await db
    .selectNoFrom(budgetFullNow(spec.budget_key).as('full'))
    .executeTakeFirstOrThrow();

  // SQLite answers 0 or 1.
  return Boolean(full);
}

/** Whether the budget `key` is full now, as SQL: for `budgetIsFull` and the click's insert. */
function budgetFullNow(key: string) {
  return sql<boolean>`exists (
    select 1 from rate_budgets where key = ${key} and full_until > ${new Date().toISOString()}
  )`;
}

/** Inserts the task unless its key is live; on PostgreSQL the same statement wakes workers. */
async function insertUnlessKeyIsLive(
  db: Kysely<Database>,
  row: OutboxTaskRow,
): Promise<OutboxTaskRow | undefined> {
  const insert = db
    .insertInto('outbox_tasks')
    .values(row)
    .onConflict((oc) => oc.column('live_key').doNothing())
    .returningAll();
  if (!onPostgres(db) || row.status !== 'queued') return insert.executeTakeFirst();

  // One notice per inserted row, none on a conflict; delivered when the transaction commits.
  const inserted = await insert.returning(queuedNotice(row.kind).as('notified')).executeTakeFirst();
  if (!inserted) return undefined;
  const { notified: _, ...task } = inserted;

  return task;
}

/** The columns `insertTaskAfter` writes, in its order. */
const INSERTED_COLUMNS = sql.raw(
  'id, kind, payload, dedup_key, live_key, status, attempts, max_attempts, run_at, locked_by, ' +
    'lock_token, locked_until, budget_key, created_at, updated_at',
);

/** What `insertTaskAfter` answers for the row it inserted. */
export interface InsertedTask {
  status: TaskStatus;
  notified: string | null;
}

/**
 * PostgreSQL: the insert of `row` as one part of a caller's statement, made only when `source`
 * (an earlier part of the same statement, a common table expression) yields a row, and skipped
 * when its key is live, as `enqueue` would. One statement instead of a transaction of several:
 * one round trip for the whole click. It answers the row's `status`: a row written claimed
 * (`claimed_by`) is written queued instead while its budget is full, as `enqueue` decides. It
 * sends the workers' notice itself for a queued row.
 *
 * Written as SQL rather than with the query builder: this is part of the statement a recruiter's
 * click waits on, and building it with the builder cost more than PostgreSQL takes to run it.
 * The values are selected from `source` rather than given as `values`, which is what makes the
 * insert conditional; PostgreSQL types the selected parameters as text, so the integer columns
 * are cast, and `last_error` and `park_reason` are left to their defaults (null).
 */
export function insertTaskAfter(source: string, row: OutboxTaskRow): RawBuilder<InsertedTask> {
  // The budget a claimed row draws from, which decides whether it is written claimed.
  const key = row.status === 'running' ? row.budget_key : null;
  // A claimed row's own value, or the queued row's while the budget is full.
  const unlessFull = (value: string | number | null, queued: string | number | null) =>
    key === null ? sql`${value}` : sql`case when budget.full then ${queued} else ${value} end`;
  const budget = key === null ? sql`` : sql`, (select ${budgetFullNow(key)} as full) as budget`;

  return sql`insert into outbox_tasks (${INSERTED_COLUMNS})
    select ${row.id}, ${row.kind}, ${row.payload}, ${row.dedup_key}, ${row.live_key},
      ${unlessFull(row.status, 'queued')}, cast(${unlessFull(row.attempts, 0)} as integer),
      cast(${row.max_attempts} as integer), ${row.run_at}, ${unlessFull(row.locked_by, null)},
      ${unlessFull(row.lock_token, null)}, ${unlessFull(row.locked_until, null)},
      ${row.budget_key}, ${row.created_at}, ${row.updated_at}
    from ${sql.table(source)}${budget}
    on conflict (live_key) do nothing
    returning status,
      /* Only a queued row wakes the workers; a claimed one is handed to its worker. */
      case when status = 'queued' then ${queuedNotice(row.kind)} end as notified`;
}

async function findLive(db: Kysely<Database>, key: string | null) {
  if (key === null) return undefined;

  return db.selectFrom('outbox_tasks').selectAll().where('live_key', '=', key).executeTakeFirst();
}
