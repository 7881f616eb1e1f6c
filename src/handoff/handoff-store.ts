import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import { gustoBudgetKey } from '../gusto-connection/budget-key.js';
import {
  type GustoConnection,
  getLiveConnection,
  liveConnectionJson,
} from '../gusto-connection/connection-repository.js';
import {
  type EnqueueSpec,
  enqueue,
  insertTaskAfter,
  newRow as newTaskRow,
} from '../outbox/enqueue.js';
import { getTask } from '../outbox/get-task.js';
import { reserveWorkerSlot, type TaskClaim } from '../outbox/hand-over.js';
import { onPostgres } from '../outbox/notify-queued.js';
import type { OutboxTaskRow } from '../outbox/tables.js';
import { type ClaimedTask, toTask } from '../outbox/task.js';
import { wakeWorkers } from '../outbox/wake.js';
import type { DialectName } from '../storage/database.js';
import { keepPrepared, prepared } from '../storage/prepared.js';
import type { Database } from '../storage/schema.js';
import { COULD_NOT_FINISH, workerStopped } from './failure-problems.js';
import type { HandoffForm } from './handoff-form.js';
import { type HandoffStatus, transition } from './state-machine.js';
import type { HandoffError, HandoffRow, HandoffStepRow, StepName } from './tables.js';

type Db = Kysely<Database>;

/** What a run learns of the hand-off's records in Gusto. */
type GustoUuids = Partial<Pick<HandoffRow, 'gusto_person_uuid' | 'gusto_job_uuid'>>;

/** The outbox kind whose handler runs hand-offs. */
export const HANDOFF_TASK_KIND = 'gusto.handoff';

/** The outbox dedup key of a candidate's hand-off: one live task per hire. */
export function handoffDedupKey(candidate_id: string): string {
  return `handoff:${candidate_id}`;
}

/** The payload of a hand-off task. */
export interface HandoffTaskPayload {
  handoff_id: string;
  /** The hand-off's account; absent from tasks queued by earlier versions. */
  account_id?: string;
}

/** A hand-off as read, with its form and last error parsed. */
export interface Handoff extends Omit<Selectable<HandoffRow>, 'form' | 'last_error'> {
  form: HandoffForm;
  last_error: HandoffError | null;
}

/** A stored step outcome, with its error parsed. */
export interface HandoffStep extends Omit<Selectable<HandoffStepRow>, 'error'> {
  error: HandoffError | null;
}

function toHandoff(row: Selectable<HandoffRow>): Handoff {
  return {
    ...row,
    form: JSON.parse(row.form) as HandoffForm,
    last_error: row.last_error === null ? null : (JSON.parse(row.last_error) as HandoffError),
  };
}

/** Reads a hand-off by id. */
export async function getHandoff(db: Db, id: string): Promise<Handoff | undefined> {
  const row = await db.selectFrom('handoffs').selectAll().where('id', '=', id).executeTakeFirst();

  return row && toHandoff(row);
}

/** The candidate's hand-off in the account, if one was started. */
export async function getHandoffForCandidate(
  db: Db,
  account_id: string,
  candidate_id: string,
): Promise<Handoff | undefined> {
  const row = await db
    .selectFrom('handoffs')
    .selectAll()
    .where('account_id', '=', account_id)
    .where('candidate_id', '=', candidate_id)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();

  return row && toHandoff(row);
}

/** What "Add to Gusto" records. */
export interface NewHandoff {
  account_id: string;
  candidate_id: string;
  company_uuid: string;
  form: HandoffForm;
  created_by: string | null;
}

/** The live hand-off after "Add to Gusto", and whether this click made it. */
export interface StartResult {
  handoff: Handoff;
  created: boolean;
}

/**
 * What a click hands the worker its hand-off was queued for (see `startHandoff`): what the run
 * would otherwise read first. The hand-off was made by that same click, so it has no steps yet.
 */
export class HandedOverHandoff {
  constructor(
    readonly handoff: Handoff,
    /** The account's connection as the click read it, or why that read failed. */
    readonly connection: ConnectionReadResult,
  ) {}
}

/** The connection read that came with a hand-over, or why it failed. */
export type ConnectionReadResult = { row: GustoConnection | undefined } | { error: unknown };

/**
 * Records a hand-off and queues its task in one transaction, so neither exists without the
 * other. A second click, or another tab, meets the unique `live_key` and gets the first one back
 * (C1): one hand-off, one task, one create.
 *
 * When a worker of this process has a free place (the web process's inline worker, by default),
 * the task is written already claimed for it and handed to it with the new hand-off and the
 * account's connection, read with the insert: the run starts without a claim or reads of its
 * own, which would each cost a round trip on PostgreSQL before the first request to Gusto. On
 * PostgreSQL the click's statement reads the connection itself: a second statement beside it
 * would wake a second server process, and on a small machine the two compete for the cores the
 * click's own work needs.
 * Otherwise the task is queued and the workers are woken, as any task is.
 *
 * The click does not mark the first step sent for the run, though that would save the run a
 * round trip: a `sent` mark means a request may have reached Gusto, and a later run then looks
 * for the person the create may have made, matching by name and email, which could adopt
 * someone else when no create ever left (a run parked for reauthorization, a task given back at
 * shutdown).
 */
export async function startHandoff(db: Db, input: NewHandoff): Promise<StartResult> {
  const slot = reserveWorkerSlot(HANDOFF_TASK_KIND, db);
  try {
    const result = await insertAndEnqueue(db, input, slot?.claim);
    if (slot && result.claimed) {
      // A copy: the run moves its hand-off's status while the caller still holds this one.
      const handoff = structuredClone(result.handoff);
      const read = result.connection ?? { row: undefined };
      slot.run(result.claimed, new HandedOverHandoff(handoff, read));
    } else if (result.created) {
      wakeWorkers();
    }

    return { handoff: result.handoff, created: result.created };
  } finally {
    slot?.release();
  }
}

function readConnectionBeside(db: Db, account_id: string): Promise<ConnectionReadResult> {
  return getLiveConnection(db, account_id).then(
    (row) => ({ row }),
    (error: unknown) => ({ error }),
  );
}

/**
 * The click's outcome, with its task when that was written claimed for a worker slot, and then
 * the account's live connection as the click read it.
 */
interface Inserted extends StartResult {
  claimed: ClaimedTask | null;
  connection?: ConnectionReadResult;
}

async function insertAndEnqueue(
  db: Db,
  input: NewHandoff,
  claimed_by: TaskClaim | undefined,
): Promise<Inserted> {
  const row = newRow(input, new Date().toISOString());
  const spec: EnqueueSpec = { ...runSpec(row), ...(claimed_by ? { claimed_by } : {}) };
  if (onPostgres(db)) return insertAndEnqueueAtOnce(db, row, newTaskRow(spec));

  const result = await db.transaction().execute(async (trx): Promise<Inserted> => {
    const inserted = await insertUnlessLive(trx, row).executeTakeFirst();
    if (!inserted) {
      const handoff = await liveHandoff(trx, input.candidate_id);
      return { handoff, created: false, claimed: null };
    }

    const queued = await enqueue(trx, spec);
    const claimed = queued.created && queued.task.status === 'running' ? queued.task : null;
    return { handoff: toHandoff(inserted), created: true, claimed: claimed as ClaimedTask | null };
  });
  // SQLite has no round trips to save: the connection is read by a statement of its own.
  if (!result.claimed) return result;

  return { ...result, connection: await readConnectionBeside(db, input.account_id) };
}

/**
 * PostgreSQL: the hand-off and its task in one statement, one round trip where a transaction
 * takes four; the task is inserted only when the hand-off was. The recruiter waits on it, and
 * the worker cannot start before it commits. A task written claimed comes with the account's
 * live connection, read by the same statement, for the run it is handed to.
 */
async function insertAndEnqueueAtOnce(
  db: Db,
  row: HandoffRow,
  task: OutboxTaskRow,
): Promise<Inserted> {
  const inserted = await clickStatement(row, task)
    .execute(db)
    .then(({ rows: [found] }) => found && { ...found, connection: readOf(found.connection) })
    .catch((error: unknown) => afterLostAnswer(db, row, task, error));
  if (!inserted) {
    return { handoff: await liveHandoff(db, row.candidate_id), created: false, claimed: null };
  }

  const { task_claimed, connection, ...handoff } = inserted;
  const claimed = task_claimed ? (toTask(task) as ClaimedTask) : null;
  return { handoff: toHandoff(handoff), created: true, claimed, ...(connection && { connection }) };
}

/** Every column of a hand-off, as `clickStatement` inserts them; one missing fails to compile. */
const HANDOFF_COLUMNS = Object.keys({
  id: true,
  account_id: true,
  candidate_id: true,
  live_key: true,
  company_uuid: true,
  worker_type: true,
  form: true,
  status: true,
  gusto_person_uuid: true,
  gusto_job_uuid: true,
  last_error: true,
  created_by: true,
  created_at: true,
  updated_at: true,
  completed_at: true,
} satisfies Record<keyof HandoffRow, true>) as (keyof HandoffRow)[];

/** What the click's statement answers: the hand-off when it made one. */
interface ClickRow extends Selectable<HandoffRow> {
  task_claimed: boolean;
  /** Read only for a task written claimed. */
  connection?: GustoConnection | null;
}

/**
 * The click's one statement (see `insertAndEnqueueAtOnce`), written as SQL: the recruiter waits
 * on it and the run cannot start before it, and building it with the query builder took longer
 * than PostgreSQL takes to run it (about 0.5 ms a click here). Its text depends only on whether
 * the task is written claimed, so it stays prepared.
 */
function clickStatement(row: HandoffRow, task: OutboxTaskRow): RawBuilder<ClickRow> {
  const values = sql.join(HANDOFF_COLUMNS.map((column) => row[column]));
  const connection =
    task.status === 'running' ? sql`, ${liveConnectionJson(row.account_id)} as connection` : sql``;

  return sql`with handoff as (
      insert into handoffs (${sql.raw(HANDOFF_COLUMNS.join(', '))}) values (${values})
      on conflict (live_key) do nothing
      returning *
    ), task as (${insertTaskAfter('handoff', task)})
    select handoff.*, exists (select 1 from task where status = 'running') as task_claimed
      ${connection}
    from handoff ${keepPrepared}`;
}

/** The connection the click's statement read (null: none live), as a read beside it answers. */
function readOf(connection: GustoConnection | null | undefined): ConnectionReadResult | undefined {
  return connection === undefined ? undefined : { row: connection ?? undefined };
}

/**
 * The click's statement failed, but it may have committed before its answer was lost (a dropped
 * connection). A task written claimed for this process's worker would then wait, unrun, until
 * its claim lapses; so the rows are looked for, by the task's id and lock, and if they are there
 * the click went through after all. Anything else, the lookup failing included, is the error.
 */
async function afterLostAnswer(db: Db, row: HandoffRow, task: OutboxTaskRow, error: unknown) {
  if (task.status !== 'running') throw error;
  // The connection's read failing is the run's to report, as it is when read beside the click.
  const [stored, handoff, connection] = await Promise.all([
    getTask(db, task.id),
    db.selectFrom('handoffs').selectAll().where('id', '=', row.id).executeTakeFirst(),
    readConnectionBeside(db, row.account_id),
  ]).catch(() => {
    throw error;
  });
  if (!handoff) throw error;

  return { ...handoff, task_claimed: stored?.lock_token === task.lock_token, connection };
}

function insertUnlessLive(db: Db, row: HandoffRow) {
  return db
    .insertInto('handoffs')
    .values(row)
    .onConflict((oc) => oc.column('live_key').doNothing())
    .returningAll();
}

function newRow(input: NewHandoff, now: string): HandoffRow {
  return {
    id: crypto.randomUUID(),
    account_id: input.account_id,
    candidate_id: input.candidate_id,
    live_key: input.candidate_id,
    company_uuid: input.company_uuid,
    worker_type: input.form.worker_type,
    form: JSON.stringify(input.form),
    status: 'queued',
    gusto_person_uuid: null,
    gusto_job_uuid: null,
    last_error: null,
    created_by: input.created_by,
    created_at: now,
    updated_at: now,
    completed_at: null,
  };
}

async function liveHandoff(db: Db, candidate_id: string): Promise<Handoff> {
  const row = await db
    .selectFrom('handoffs')
    .selectAll()
    .where('live_key', '=', candidate_id)
    .executeTakeFirstOrThrow();

  return toHandoff(row);
}

/**
 * The task that runs the hand-off. The payload names the account as well, so the worker can read
 * the account's Gusto connection alongside the hand-off instead of after it.
 */
function runSpec(handoff: Pick<HandoffRow, 'id' | 'candidate_id' | 'account_id'>): EnqueueSpec {
  const payload: HandoffTaskPayload = { handoff_id: handoff.id, account_id: handoff.account_id };

  return {
    kind: HANDOFF_TASK_KIND,
    payload,
    dedup_key: handoffDedupKey(handoff.candidate_id),
    budget_key: gustoBudgetKey(handoff.account_id),
  };
}

/**
 * The recruiter's Resume after correcting the form: stores the corrected form and queues the
 * hand-off again, atomically. Steps already done are not repeated. False when the hand-off is
 * not waiting for a correction (another tab resumed it first, or it was added meanwhile).
 */
export async function resumeHandoff(db: Db, handoff: Handoff, form: HandoffForm): Promise<boolean> {
  const moved = await storeAndEnqueue(db, handoff, form);
  if (moved) wakeWorkers();

  return moved;
}

function storeAndEnqueue(db: Db, handoff: Handoff, form: HandoffForm): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const moved = await setStatus(trx, handoff, 'queued', {
      form: JSON.stringify(form),
      worker_type: form.worker_type,
      last_error: null,
    });
    if (moved) await enqueue(trx, runSpec(handoff));

    return moved;
  });
}

/** Columns a status change may set alongside the status. */
type StatusPatch = Partial<
  Pick<
    HandoffRow,
    'form' | 'worker_type' | 'gusto_person_uuid' | 'gusto_job_uuid' | 'completed_at'
  > & { last_error: string | null }
>;

/**
 * Moves a hand-off from the status it was read with to `to`, if the state machine allows it and
 * nobody moved it meanwhile (compare-and-set on the status). False when it had moved.
 */
export async function setStatus(
  db: Db,
  handoff: Pick<Handoff, 'id' | 'status'>,
  to: HandoffStatus,
  patch: StatusPatch = {},
): Promise<boolean> {
  const status = transition(handoff.status, to);
  const result = await db
    .updateTable('handoffs')
    .set({ ...patch, status, updated_at: new Date().toISOString() })
    .where('id', '=', handoff.id)
    .where('status', '=', handoff.status)
    .$call(prepared)
    .executeTakeFirst();

  return result.numUpdatedRows > 0n;
}

/** Records what a step found or made in Gusto on the hand-off itself (person, job). */
export async function recordGustoUuids(db: Db, id: string, uuids: GustoUuids): Promise<void> {
  await db
    .updateTable('handoffs')
    .set({ ...uuids, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}

/**
 * Stores the form again with a department or location chosen by name replaced by the uuid it
 * matched in Gusto, so every later attempt (and the review form) uses that one. Compare-and-set
 * on the status, like every write a run makes.
 */
export async function recordResolvedForm(
  db: Db,
  handoff: Pick<Handoff, 'id' | 'status'>,
  form: HandoffForm,
): Promise<void> {
  const result = await db
    .updateTable('handoffs')
    .set({ form: JSON.stringify(form), updated_at: new Date().toISOString() })
    .where('id', '=', handoff.id)
    .where('status', '=', handoff.status)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    throw new Error(`The hand-off ${handoff.id} changed status meanwhile`);
  }
}

/** The stored outcomes of a hand-off's steps. */
export async function listSteps(db: Db, handoff_id: string): Promise<HandoffStep[]> {
  const rows = await db
    .selectFrom('handoff_steps')
    .selectAll()
    .where('handoff_id', '=', handoff_id)
    .orderBy('attempted_at')
    .execute();

  return rows.map((r) => ({ ...r, error: r.error === null ? null : JSON.parse(r.error) }));
}

/** Writes a step's outcome, replacing the previous one. */
export async function saveStep(db: Db, step: StepToSave): Promise<void> {
  await saveSteps(db, [step]);
}

/** `saveStep` for several steps in one statement. */
export async function saveSteps(db: Db, steps: readonly StepToSave[]): Promise<void> {
  await sql`${stepsUpsert(steps)} ${keepPrepared}`.execute(db);
}

/**
 * `saveSteps` and `recordGustoUuids` at once: a process killed between the two writes would leave
 * a step done and the hand-off without the uuid later steps read, a hand-off no retry could
 * finish. PostgreSQL runs both in one statement (one round trip instead of four); SQLite, whose
 * statements cost no round trip, in one transaction.
 */
export async function saveStepsWithUuids(
  db: Db,
  dialect: DialectName,
  steps: readonly StepToSave[],
  handoff_id: string,
  uuids: GustoUuids,
): Promise<void> {
  if (dialect === 'postgres') {
    const set = Object.entries({ ...uuids, updated_at: new Date().toISOString() })
      .filter(([, value]) => value !== undefined)
      .map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
    await sql`with saved as (${stepsUpsert(steps)} returning step)
      update handoffs set ${sql.join(set)} where id = ${handoff_id} ${keepPrepared}`.execute(db);
    return;
  }
  await db.transaction().execute(async (trx) => {
    await saveSteps(trx, steps);
    await recordGustoUuids(trx, handoff_id, uuids);
  });
}

/** A step outcome as `saveStep` takes it, its error not yet JSON. */
type StepToSave = Omit<HandoffStepRow, 'error'> & { error: HandoffError | null };

/** Every column of a step outcome, in the order `stepsUpsert` writes them. */
const STEP_COLUMNS = Object.keys({
  handoff_id: true,
  step: true,
  status: true,
  gusto_uuid: true,
  error: true,
  attempted_at: true,
  completed_at: true,
} satisfies Record<keyof HandoffStepRow, true>) as (keyof HandoffStepRow)[];

/**
 * The statement `saveSteps` runs, for a statement that stores steps with other things (a run's
 * `sent` mark goes with its budget grant). Written as SQL, valid on both engines: every run
 * writes steps several times, and the query builder took longer to build this than PostgreSQL
 * takes to run it. Its text depends only on the number of steps, so it stays prepared.
 */
export function stepsUpsert(steps: readonly StepToSave[]): RawBuilder<unknown> {
  const rows = steps.map((s) => {
    const row: HandoffStepRow = { ...s, error: s.error && JSON.stringify(s.error) };
    return sql`(${sql.join(STEP_COLUMNS.map((column) => row[column]))})`;
  });

  return sql`insert into handoff_steps (${sql.raw(STEP_COLUMNS.join(', '))})
    values ${sql.join(rows)}
    on conflict (handoff_id, step) do update set status = excluded.status,
      gusto_uuid = excluded.gusto_uuid, error = excluded.error,
      attempted_at = excluded.attempted_at, completed_at = excluded.completed_at`;
}

/** Marks a step as about to send its request, before the request leaves. */
export async function markStepSent(db: Db, handoff_id: string, step: StepName): Promise<void> {
  const now = new Date().toISOString();
  await saveStep(db, {
    handoff_id,
    step,
    status: 'sent',
    gusto_uuid: null,
    error: null,
    attempted_at: now,
    completed_at: null,
  });
}

/**
 * A hand-off still shown as on its way whose task the outbox gave up on (its worker died during
 * the last attempt, or recording the outcome failed) would say "Sending" forever; it needs
 * attention instead, so the recruiter can Resume it. Pages call this when they read a hand-off.
 */
export async function settleAbandoned(db: Db, handoff: Handoff): Promise<Handoff> {
  if (handoff.status !== 'queued' && handoff.status !== 'checking') return handoff;
  const live = await db
    .selectFrom('outbox_tasks')
    .select('id')
    .where('live_key', '=', handoffDedupKey(handoff.candidate_id))
    .executeTakeFirst();
  if (live) return handoff;

  const last_error: HandoffError = {
    step: null,
    message: COULD_NOT_FINISH,
    problems: [workerStopped()],
  };
  await setStatus(db, handoff, 'needs_attention', { last_error: JSON.stringify(last_error) });

  return (await getHandoff(db, handoff.id)) ?? handoff;
}
