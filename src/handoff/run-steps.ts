import { setImmediate } from 'node:timers/promises';
import { classify } from '../gusto-client/classify.js';
import { BudgetSpentError } from './gusto-budget.js';
import {
  type HandoffStep,
  saveStep,
  saveSteps,
  saveStepsWithUuids,
  stepsUpsert,
} from './handoff-store.js';
import { HandoffAttentionError, type StepContext, StepFailedError } from './step-context.js';
import {
  findCreatedPerson,
  isPersonStep,
  isRepeatable,
  planFor,
  runnerFor,
  stepsToDo,
} from './steps.js';
import type { HandoffError, StepName } from './tables.js';

/**
 * Runs the hand-off's steps in order from the first one not done, storing each outcome as it
 * goes, so any later attempt resumes exactly there. Throws StepFailedError naming the step.
 */
export async function runSteps(ctx: StepContext): Promise<void> {
  refuseOtherKind(ctx);
  const todo = stepsToDo(ctx.handoff.form, ctx.steps);
  let markedSent = false;
  for (const [n, step] of todo.entries()) {
    markedSent = await runStep(ctx, step, { markedSent, next: todo[n + 1] ?? null });
  }
}

/**
 * Where a step stands within the run: whether the step before already marked it sent, and the
 * step after it, which it marks sent with its own outcome when that one must be (one write
 * instead of two; a run that stops in between leaves it sent, and the next looks before it
 * creates, as after any unknown outcome).
 */
interface StepTurn {
  markedSent: boolean;
  next: StepName | null;
}

/**
 * A form switched between employee and contractor after the person was created (or may have
 * been) would create a second person of the other kind. Resume refuses that change; this check
 * keeps any other path (an older stored form, a direct write) from reaching Gusto with it.
 */
function refuseOtherKind(ctx: StepContext): void {
  const plan = planFor(ctx.handoff.form);
  const made = [...ctx.steps.values()].find(
    (s) => isPersonStep(s.step) && s.status !== 'failed' && !plan.includes(s.step),
  );
  if (!made) return;

  const kind = made.step === 'create_employee' ? 'an employee' : 'a contractor';
  const message =
    `This hire is already in Gusto as ${kind}, so Hirebridge will not create them again as ` +
    `${ctx.handoff.form.worker_type === 'employee' ? 'an employee' : 'a contractor'}. ` +
    'Change the worker type in Gusto itself.';
  throw new HandoffAttentionError([{ error_key: 'worker_type', field: 'worker_type', message }]);
}

/** Runs one step; returns whether it marked the next one sent. */
async function runStep(ctx: StepContext, step: StepName, turn: StepTurn): Promise<boolean> {
  const previous = ctx.steps.get(step);
  const next = turn.next !== null && !isRepeatable(turn.next) ? turn.next : null;
  if (isPersonStep(step) && previous?.status === 'sent') {
    const adopted = await reconcile(ctx);
    if (adopted !== null) {
      await finish(ctx, step, adopted, next);
      return next !== null;
    }
  }

  let uuid: string | null;
  try {
    uuid = await sendStep(ctx, step, previous, turn);
  } catch (error) {
    await recordFailure(ctx, step, error);
    throw new StepFailedError(step, error);
  }
  // Gusto has done the step; if storing that fails, nothing more is written: the step stays as
  // marked before its request (sent), so the next run looks it up instead of creating again.
  try {
    await finish(ctx, step, uuid, next);
  } catch (error) {
    throw new StepFailedError(step, error);
  }
  // A step whose last answer was lost has now been looked up and finished.
  if (previous?.status === 'sent') await ctx.resolved();

  return next !== null;
}

/**
 * Runs the step's runner. A step not yet marked sent is marked with the run's grant: both must
 * be stored before its request leaves, which `reserve` sees to while the request is built.
 * Settles once both have, so no later write of the step can overtake the mark; a failed grant
 * is the failure reported, since the request then never left.
 */
async function sendStep(
  ctx: StepContext,
  step: StepName,
  previous: HandoffStep | undefined,
  turn: StepTurn,
): Promise<string | null> {
  if (isRepeatable(step) || turn.markedSent) return runnerFor(step)(ctx, previous);

  const reserved = ctx.reserve(stepsUpsert([sentRow(ctx, step)]));
  const sending = nextTurn(() => runnerFor(step)(ctx, previous));
  const [stored, sent] = await Promise.allSettled([reserved, sending]);
  if (stored.status === 'rejected') throw stored.reason;
  if (sent.status === 'rejected') throw sent.reason;

  return sent.value;
}

/**
 * Starts `work` a turn of the event loop later, so that the database driver writes the grant's
 * statement first; built first, the request (half a millisecond of the SDK's work) would hold
 * the statement back that long.
 */
async function nextTurn<T>(work: () => Promise<T>): Promise<T> {
  await setImmediate();

  return work();
}

/**
 * The lookup after an unknown create: adopts the person the create made, or finds none and lets
 * the create run again. Its outcome is stored as the `reconcile` step.
 */
async function reconcile(ctx: StepContext): Promise<string | null> {
  let adopted: string | null;
  try {
    adopted = await findCreatedPerson(ctx);
  } catch (error) {
    throw new StepFailedError('reconcile', error);
  }
  await saveStep(ctx.db, { ...sentRow(ctx, 'reconcile'), ...doneFields(adopted) });
  await ctx.resolved();

  return adopted;
}

function sentRow(ctx: StepContext, step: StepName) {
  const now = new Date().toISOString();

  return {
    handoff_id: ctx.handoff.id,
    step,
    status: 'sent' as const,
    gusto_uuid: null,
    error: null,
    attempted_at: now,
    completed_at: null,
  };
}

function doneFields(gusto_uuid: string | null) {
  return { status: 'done' as const, gusto_uuid, completed_at: new Date().toISOString() };
}

/**
 * Stores the step done, with the uuid later steps read on the hand-off, and marks `next` sent.
 * `ctx.steps` keeps `next` as it was before this run: its runner decides by that.
 */
async function finish(
  ctx: StepContext,
  step: StepName,
  uuid: string | null,
  next: StepName | null,
): Promise<void> {
  const row = { ...sentRow(ctx, step), ...doneFields(uuid) };
  const rows = next === null ? [row] : [row, sentRow(ctx, next)];
  const uuids = isPersonStep(step)
    ? { gusto_person_uuid: uuid }
    : step === 'job'
      ? { gusto_job_uuid: uuid }
      : null;
  if (uuids === null) await saveSteps(ctx.db, rows);
  else await saveStepsWithUuids(ctx.db, ctx.dialect, rows, ctx.handoff.id, uuids);
  ctx.steps.set(step, { ...row, error: null });
  if (isPersonStep(step)) ctx.handoff.gusto_person_uuid = uuid;
  if (step === 'job') ctx.handoff.gusto_job_uuid = uuid;
}

/**
 * Stores why a step failed. A request whose outcome is unknown stays `sent`, so the next
 * attempt looks before it creates; a known failure is `failed` and simply runs again. A spent
 * rate budget sent nothing, so the step goes back to how it was.
 */
async function recordFailure(ctx: StepContext, step: StepName, error: unknown): Promise<void> {
  const previous = ctx.steps.get(step);
  if (error instanceof BudgetSpentError) {
    if (isRepeatable(step)) return;
    if (previous) await saveStep(ctx.db, previous);
    else await saveStep(ctx.db, { ...sentRow(ctx, step), status: 'failed' });
    return;
  }

  // A repeatable step looks before it writes, so an unknown outcome needs no lookup first.
  const unknown =
    !isRepeatable(step) &&
    !(error instanceof HandoffAttentionError) &&
    classify(error).outcomeUnknown;
  const failure: HandoffError = {
    step,
    message: error instanceof Error ? error.message : String(error),
    problems: [],
  };
  await saveStep(ctx.db, {
    ...sentRow(ctx, step),
    status: unknown ? 'sent' : 'failed',
    error: failure,
  });
}
