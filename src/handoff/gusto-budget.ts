import { setTimeout as delay } from 'node:timers/promises';
import { GustoRateLimitedError } from '../gusto-client/errors.js';
import type { Logger } from '../logging/logger.js';
import { acquire, recordAnswer } from '../outbox/acquire.js';
import type { BudgetOptions } from '../outbox/rate-budget.js';
import type { Storage } from '../storage/database.js';

/**
 * Gusto allows 200 requests per rolling minute per grant. Every call is counted (the review
 * form's and the connection's too, see `countedFetch`) and counted until its answer, so the
 * margin is only for what the workers cannot know: 4 calls a minute left for pages a person is
 * waiting on, which are counted but never held back, and 200 ms for clock differences between
 * worker hosts.
 * @see https://docs.gusto.com/app-integrations/docs/rate-limits
 */
export const GUSTO_RATE_BUDGET: BudgetOptions = { limit: 196, window_ms: 60_200 };

/**
 * Waits this long at most for a place in the budget within the run; a longer wait gives the
 * worker slot back (the task is deferred, and the outbox leaves the budget's tasks queued).
 */
export const INLINE_WAIT_MS = 2_000;

/** The rate budget was spent for longer than a run waits; the task comes back after `wait_ms`. */
export class BudgetSpentError extends Error {
  override name = 'BudgetSpentError';

  constructor(readonly wait_ms: number) {
    super(`The Gusto rate budget is spent for ${wait_ms} ms`);
  }
}

/** One connection's budget as a run of a hand-off uses it. */
export interface BudgetedCalls {
  storage: Storage;
  key: string;
  /** Null: no budget (tests that count nothing). */
  budget: BudgetOptions | null;
  /** Aborted at shutdown or when the task's lock is lost: stop waiting. */
  signal: AbortSignal;
  logger: Logger;
}

/**
 * One run's requests within the budget. A call takes a place (waiting up to `INLINE_WAIT_MS` for
 * one) before it is sent, and so does each retry the client makes of a safe call, since a retry
 * reaches Gusto like any request; the places stay counted until the call's last answer is in,
 * whatever it was. A 429 is not retried here: it ends the call, so the run records Gusto's
 * Retry-After for every worker. A run sends one call at a time.
 */
export class BudgetedRun {
  private held: string[] = [];

  constructor(private readonly budget: BudgetedCalls) {}

  /** Sends one call within the budget. */
  async call<T>(send: () => Promise<T>): Promise<T> {
    await this.takePlace();
    try {
      return await send();
    } finally {
      await this.releaseAfterAnswer();
    }
  }

  /** The client's `beforeRetry`: a place for the retry, or the 429 that calls for a pause. */
  readonly beforeRetry = async (failure: unknown): Promise<void> => {
    if (failure instanceof GustoRateLimitedError) throw failure;

    await this.takePlace();
  };

  private async takePlace(): Promise<void> {
    const grant = await takePlace(this.budget);
    if (grant !== null) this.held.push(grant);
  }

  /**
   * A failure to move a place to the answer's time leaves it counted from its grant: the budget
   * may then admit a request a little early, which Gusto answers with 429 and a Retry-After the
   * budget obeys. Not worth failing a hand-off for.
   */
  private async releaseAfterAnswer(): Promise<void> {
    const held = this.held;
    this.held = [];
    try {
      const answered_at = new Date();
      for (const grant of held) await recordAnswer(this.budget.storage.db, grant, answered_at);
    } catch (err) {
      this.budget.logger.warn(
        { err, budget_key: this.budget.key },
        'rate budget answer not stored',
      );
    }
  }
}

async function takePlace(budget: BudgetedCalls): Promise<string | null> {
  if (budget.budget === null) return null;
  // Counted by the waits asked for, not the clock, so a budget on a fixed clock cannot spin.
  let waited = 0;
  for (;;) {
    const decision = await acquire(budget.storage, budget.key, budget.budget);
    if (decision.granted) return decision.id;
    waited += decision.wait_ms;
    if (waited > INLINE_WAIT_MS || budget.signal.aborted) {
      throw new BudgetSpentError(decision.wait_ms);
    }
    await waitFor(decision.wait_ms, budget.signal);
  }
}

async function waitFor(wait_ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(wait_ms, undefined, { signal });
  } catch {
    throw new BudgetSpentError(wait_ms);
  }
}
