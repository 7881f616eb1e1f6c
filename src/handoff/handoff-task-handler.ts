import { z } from 'zod';
import type { GustoContext } from '../gusto-client/call-gusto.js';
import { classify } from '../gusto-client/classify.js';
import {
  GustoError,
  GustoRateLimitedError,
  GustoUnauthorizedError,
  GustoValidationError,
} from '../gusto-client/errors.js';
import { DEFAULT_RETRY_POLICY } from '../gusto-client/retry.js';
import {
  type ConnectionRead,
  type GustoAccess,
  GustoNotConnectedError,
  ReauthorizationRequiredError,
  withGustoAccess,
} from '../gusto-connection/access.js';
import { gustoBudgetKey } from '../gusto-connection/budget-key.js';
import {
  type GustoConnection,
  getLiveConnection,
} from '../gusto-connection/connection-repository.js';
import type { GustoConnectionDeps } from '../gusto-connection/deps.js';
import { reauthParkReason } from '../gusto-connection/errors.js';
import type { Logger } from '../logging/logger.js';
import type { Outcome, TaskHandler } from '../outbox/outcome.js';
import type { BudgetOptions } from '../outbox/rate-budget.js';
import { recordRetryAfter } from '../outbox/record-retry-after.js';
import type { ClaimedTask } from '../outbox/task.js';
import type { Storage } from '../storage/database.js';
import {
  COULD_NOT_FINISH,
  notConnected,
  permanentProblem,
  stillFailing,
} from './failure-problems.js';
import { BudgetedRun, BudgetSpentError, GUSTO_RATE_BUDGET } from './gusto-budget.js';
import { problemsFrom, STEP_LABELS } from './gusto-problems.js';
import {
  getHandoff,
  HandedOverHandoff,
  type Handoff,
  type HandoffStep,
  listSteps,
  setStatus,
} from './handoff-store.js';
import { runSteps } from './run-steps.js';
import type { HandoffStatus } from './state-machine.js';
import { HandoffAttentionError, type StepContext, StepFailedError } from './step-context.js';
import { expectedCalls, stepsToDo } from './steps.js';
import type { HandoffError, HandoffProblem, StepName } from './tables.js';

/** What the hand-off worker needs. */
export interface HandoffDeps {
  storage: Storage;
  /** The Gusto connection's deps, for withGustoAccess. */
  connection: GustoConnectionDeps;
  logger: Logger;
  /**
   * The request budget each Gusto company's calls share across workers; default
   * `GUSTO_RATE_BUDGET`; null turns it off.
   */
  budget?: BudgetOptions | null;
  /** Per-request time limit of the Gusto client; default the client's (15 s). */
  timeoutMs?: number;
}

const payloadSchema = z.object({
  handoff_id: z.string().min(1),
  account_id: z.string().min(1).optional(),
});

/**
 * The outbox handler of `gusto.handoff` tasks: runs the hand-off's remaining steps against Gusto
 * and turns every failure into the hand-off's next state and the task's outcome.
 */
export function handoffTaskHandler(deps: HandoffDeps): TaskHandler {
  return async (task, run) => {
    const payload = payloadSchema.safeParse(task.payload);
    if (!payload.success) return { type: 'dead', error: 'The task payload names no hand-off' };

    const { handoff_id, account_id } = payload.data;
    const { handoff, steps, connection } =
      (await handedOver(run.handedOver, handoff_id)) ??
      (await readForRun(deps, handoff_id, account_id));
    if (!handoff) return { type: 'dead', error: 'The hand-off no longer exists' };
    if (handoff.status === 'added' || handoff.status === 'needs_attention') return { type: 'done' };

    const read = account_id === handoff.account_id ? { row: connection } : undefined;
    const tracker = new StatusTracker(deps, handoff, steps);
    return runHandoff(deps, task, tracker, run.stop, read);
  };
}

/** What a run starts from: the hand-off, its steps, and the account's connection. */
interface RunStart {
  handoff: Handoff | undefined;
  steps: HandoffStep[];
  connection: GustoConnection | undefined;
}

/**
 * What the click that made the hand-off handed over with its task (see `startHandoff`), when it
 * is about this hand-off; null otherwise, and the run reads for itself.
 */
async function handedOver(given: unknown, handoff_id: string): Promise<RunStart | null> {
  if (!(given instanceof HandedOverHandoff) || given.handoff.id !== handoff_id) return null;
  const read = given.connection;
  if ('error' in read) throw read.error;

  return { handoff: given.handoff, steps: [], connection: read.row };
}

/**
 * Read together: on PostgreSQL the round trips overlap. A task queued by an earlier version
 * names no account; its connection is read once the hand-off says whose it is.
 */
async function readForRun(
  deps: HandoffDeps,
  handoff_id: string,
  account_id: string | undefined,
): Promise<RunStart> {
  const [handoff, steps, connection] = await Promise.all([
    getHandoff(deps.storage.db, handoff_id),
    listSteps(deps.storage.db, handoff_id),
    account_id === undefined ? undefined : getLiveConnection(deps.connection.db, account_id),
  ]);

  return { handoff, steps, connection };
}

/** The hand-off's status as this run moves it, compare-and-set against the stored one. */
class StatusTracker {
  /** The rate budget of the connection this run calls Gusto through, once it has access. */
  budgetKey: string | null = null;

  /** The runs' budget settlements, awaited with the run's last write instead of before it. */
  readonly closing: Promise<void>[] = [];

  constructor(
    private readonly deps: HandoffDeps,
    readonly handoff: Handoff,
    /** The steps as read with the hand-off; a second run (after a refreshed token) reads again. */
    private readSteps: HandoffStep[] | null,
  ) {}

  async steps(): Promise<HandoffStep[]> {
    const read = this.readSteps ?? (await listSteps(this.deps.storage.db, this.handoff.id));
    this.readSteps = null;

    return read;
  }

  async move(to: HandoffStatus, patch: Parameters<typeof setStatus>[3] = {}): Promise<void> {
    const moved = await setStatus(this.deps.storage.db, this.handoff, to, patch);
    if (!moved) throw new Error(`The hand-off ${this.handoff.id} changed status meanwhile`);
    this.handoff.status = to;
  }
}

async function runHandoff(
  deps: HandoffDeps,
  task: ClaimedTask,
  tracker: StatusTracker,
  signal: AbortSignal,
  read: ConnectionRead | undefined,
) {
  try {
    await withGustoAccess(
      deps.connection,
      tracker.handoff.account_id,
      (access) => runWithAccess(deps, tracker, access, signal),
      read,
    );
    await Promise.all([
      tracker.move('added', { completed_at: new Date().toISOString(), last_error: null }),
      ...tracker.closing,
    ]);

    return { type: 'done' } as const;
  } catch (error) {
    await Promise.all(tracker.closing);
    return outcomeOfFailure(deps, tracker, task, error);
  }
}

async function runWithAccess(
  deps: HandoffDeps,
  tracker: StatusTracker,
  access: GustoAccess,
  signal: AbortSignal,
) {
  const { handoff } = tracker;
  if (access.company_uuid !== handoff.company_uuid) throw otherCompany();
  const budgetKey = gustoBudgetKey(handoff.account_id);
  tracker.budgetKey = budgetKey;

  const steps = new Map((await tracker.steps()).map((s) => [s.step, s]));
  const unknown = [...steps.values()].some((s) => s.status === 'sent');
  const opening: HandoffStatus = unknown ? 'checking' : 'queued';
  if (handoff.status !== opening) await tracker.move(opening);

  const run = budgetedRun(deps, { key: budgetKey, form: handoff.form, steps, signal });
  try {
    await runSteps(stepContext(deps, { tracker, access, steps, run }));
  } catch (error) {
    // withGustoAccess must see a 401 itself to refresh once and run again, or to mark the
    // connection "needs reauthorization" so the tile asks for it (C8); wrapped, it would not.
    if (error instanceof StepFailedError && error.cause instanceof GustoUnauthorizedError) {
      throw error.cause;
    }
    throw error;
  } finally {
    // Never throws; awaited with the hand-off's last write.
    tracker.closing.push(run.close());
  }
}

/** The run's calls within the account's budget, with places for the steps still to do. */
function budgetedRun(
  deps: HandoffDeps,
  { key, form, steps, signal }: BudgetedRunParts,
): BudgetedRun {
  const expected = stepsToDo(form, steps).reduce((sum, step) => sum + expectedCalls(step, form), 0);

  return new BudgetedRun(
    {
      storage: deps.storage,
      key,
      budget: deps.budget === undefined ? GUSTO_RATE_BUDGET : deps.budget,
      signal,
      logger: deps.logger,
    },
    expected,
  );
}

/** A run's budget key, its form and steps as stored when it began, and what aborts it. */
interface BudgetedRunParts {
  key: string;
  form: Handoff['form'];
  steps: StepContext['steps'];
  signal: AbortSignal;
}

/** What one run's step context is made of. */
interface RunParts {
  tracker: StatusTracker;
  access: GustoAccess;
  steps: StepContext['steps'];
  run: BudgetedRun;
}

function stepContext(deps: HandoffDeps, { tracker, access, steps, run }: RunParts): StepContext {
  const gusto: GustoContext = {
    baseUrl: access.baseUrl,
    access_token: access.access_token,
    fetch: access.fetch,
    logger: deps.logger,
    timeoutMs: deps.timeoutMs,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, beforeRetry: run.beforeRetry },
    beforeSend: run.beforeSend,
  };

  return {
    db: deps.storage.db,
    dialect: deps.storage.dialect,
    gusto,
    company_uuid: access.company_uuid,
    handoff: tracker.handoff,
    steps,
    call: (send) => run.call(send),
    reserve: (beside) => run.reserve(beside),
    answers: {},
    resolved: async () => {
      if (tracker.handoff.status === 'checking') await tracker.move('queued');
    },
  };
}

function otherCompany(): HandoffAttentionError {
  return new HandoffAttentionError([
    {
      error_key: 'base',
      field: null,
      message:
        'This hire was started in another Gusto company than the one connected now, and cannot ' +
        'be finished here. Finish it in Gusto, or reconnect that company.',
    },
  ]);
}

/** Decides the hand-off's next state and the task's outcome from a failed run. */
async function outcomeOfFailure(
  deps: HandoffDeps,
  tracker: StatusTracker,
  task: ClaimedTask,
  error: unknown,
): Promise<Outcome> {
  const step = error instanceof StepFailedError ? error.step : null;
  const cause = error instanceof StepFailedError ? error.cause : error;
  const log = deps.logger.child({ handoff_id: tracker.handoff.id, step });

  if (cause instanceof BudgetSpentError) {
    return { type: 'defer', wait_ms: cause.wait_ms, reason: 'gusto rate budget spent' };
  }
  if (cause instanceof ReauthorizationRequiredError) {
    if (await reauthorizedMeanwhile(deps, tracker)) {
      return { type: 'defer', wait_ms: 1_000, reason: 'gusto reauthorized during this run' };
    }
    return parkForReauthorization(tracker);
  }
  if (cause instanceof GustoNotConnectedError) {
    await needsAttention(tracker, step, notConnected(), 'Gusto is not connected.');
    return { type: 'dead', error: 'The account is not connected to Gusto' };
  }
  if (cause instanceof HandoffAttentionError) {
    await needsAttention(tracker, step, cause.problems);
    return { type: 'done' };
  }

  if (!(cause instanceof GustoError)) {
    // Our own failures (the database, a refresh another process holds too long) pass: retry.
    log.warn({ err: cause }, 'hand-off attempt failed outside Gusto');
    const reason = cause instanceof Error ? cause.message : String(cause);
    return transient(deps, tracker, task, step, reason);
  }

  return outcomeOfGustoFailure(deps, tracker, task, step, cause, log);
}

async function outcomeOfGustoFailure(
  deps: HandoffDeps,
  tracker: StatusTracker,
  task: ClaimedTask,
  step: StepName | null,
  cause: unknown,
  log: Logger,
): Promise<Outcome> {
  const verdict = classify(cause);
  log.info({ kind: verdict.kind, reason: verdict.reason }, 'hand-off attempt failed');
  const reason = taskReason(step, verdict.reason);

  switch (verdict.kind) {
    case 'reauth':
      return parkForReauthorization(tracker);
    case 'validation': {
      const errors = cause instanceof GustoValidationError ? cause.errors : [];
      await needsAttention(tracker, step, problemsFrom(step ?? 'reconcile', errors));
      return { type: 'done' };
    }
    case 'rate_limited':
      return rateLimited(deps, tracker, cause, reason);
    case 'transient':
    case 'conflict':
      return transient(deps, tracker, task, step, verdict.reason);
    case 'permanent': {
      const problem = permanentProblem(cause, step, verdict.reason);
      await needsAttention(tracker, step, [problem], COULD_NOT_FINISH);
      return { type: 'dead', error: reason };
    }
  }
}

/**
 * Reauthorize unparks the account's waiting hand-offs once; a task parked just after that (its run
 * read the connection before the new grant was stored) would wait for a Reauthorize that already
 * happened. Seeing the connection active again, the run goes again shortly instead. A task parked
 * between this read and the outbox's write is still missed (the outbox has no park-unless).
 */
async function reauthorizedMeanwhile(deps: HandoffDeps, tracker: StatusTracker): Promise<boolean> {
  const live = await getLiveConnection(deps.storage.db, tracker.handoff.account_id);

  return live?.status === 'active';
}

async function parkForReauthorization(tracker: StatusTracker): Promise<Outcome> {
  if (tracker.handoff.status !== 'waiting_reauthorization') {
    await tracker.move('waiting_reauthorization');
  }

  return { type: 'park', reason: reauthParkReason(tracker.handoff.account_id) };
}

/**
 * 429: every worker of this connection pauses for Retry-After, and the task comes back after it
 * without spending an attempt (Gusto did nothing, and waiting is the cure). The hand-off keeps
 * showing "Sending" (C7).
 * @see https://www.rfc-editor.org/rfc/rfc6585#section-4
 */
async function rateLimited(
  deps: HandoffDeps,
  tracker: StatusTracker,
  cause: unknown,
  reason: string,
): Promise<Outcome> {
  const seconds = pauseAfter429(cause);
  if (tracker.budgetKey) await recordRetryAfter(deps.storage, tracker.budgetKey, seconds);

  return { type: 'defer', wait_ms: seconds * 1000, reason };
}

/**
 * The longest pause a 429 may impose: Gusto's window is a minute, so a much longer Retry-After is
 * a mistake somewhere, and every hand-off of the account would wait for it.
 */
const MAX_RETRY_AFTER_S = 15 * 60;

/** How long a 429 pauses the account's budget: Gusto's Retry-After, a minute without one. */
export function pauseAfter429(cause: unknown): number {
  const retryAfter = cause instanceof GustoRateLimitedError ? cause.retryAfterSeconds : null;

  return Math.min(retryAfter ?? 60, MAX_RETRY_AFTER_S);
}

/**
 * A passing failure: the task retries with backoff. When a create's outcome is unknown the
 * hand-off shows "Checking Gusto" (C2, C3); after the last attempt it needs attention.
 */
async function transient(
  deps: HandoffDeps,
  tracker: StatusTracker,
  task: ClaimedTask,
  step: StepName | null,
  failure: string,
): Promise<Outcome> {
  const reason = taskReason(step, failure);
  if (task.attempts >= task.max_attempts) {
    await needsAttention(tracker, step, [stillFailing(step, failure)], COULD_NOT_FINISH);
    return { type: 'dead', error: reason };
  }
  const steps = await listSteps(deps.storage.db, tracker.handoff.id);
  const unknown = steps.some((s) => s.status === 'sent');
  const next: HandoffStatus = unknown ? 'checking' : 'queued';
  if (tracker.handoff.status !== next) await tracker.move(next);

  return { type: 'retry', error: reason };
}

async function needsAttention(
  tracker: StatusTracker,
  step: StepName | null,
  problems: HandoffProblem[],
  message?: string,
): Promise<void> {
  const part = step && step !== 'reconcile' ? STEP_LABELS[step] : 'this hire';
  const failure: HandoffError = {
    step,
    message: message ?? `Gusto did not accept ${part}.`,
    problems,
  };
  await tracker.move('needs_attention', { last_error: JSON.stringify(failure) });
}

/** Why, as the outbox records it: the step, then what went wrong. */
function taskReason(step: StepName | null, failure: string): string {
  return `${step ? `${STEP_LABELS[step]}: ` : ''}${failure}`;
}
