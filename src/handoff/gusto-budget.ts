import { setTimeout as delay } from 'node:timers/promises';
import { GustoRateLimitedError } from '../gusto-client/errors.js';
import type { Logger } from '../logging/logger.js';
import { acquirePlaces, settlePlaces, type WriteBeside } from '../outbox/acquire.js';
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

/** A place this run holds in the budget, and the instant the budget counted it at. */
interface Place {
  id: string;
  granted_at: number;
}

/**
 * One run's requests within the budget. A call takes a place (waiting up to `INLINE_WAIT_MS` for
 * one) before it is sent, and so does each retry the client makes of a safe call, since a retry
 * reaches Gusto like any request; the places stay counted until the call's last answer is in,
 * whatever it was. A 429 is not retried here: it ends the call, so the run records Gusto's
 * Retry-After for every worker. A run sends one call at a time.
 *
 * The run takes the places of the calls it expects in one grant, and records their answers with
 * its next grant or when it ends (`close`), so a hire's six calls cost one budget transaction
 * instead of six, and no write waits between a call's answer and the next step. Until recorded,
 * an answered place is counted from its grant, earlier than Gusto counted the request; that is
 * harmless while the record lands within a window of the grant. So a place is used only within a
 * quarter window of its grant (`FRESH_SHARE`), and a quarter window after the grant of the oldest
 * place the run holds unsettled, a timer settles them (answers recorded, unused places given
 * back) even if the run is waiting for something else meanwhile. With the client's 15 s timeout,
 * an answer is recorded at most about 30 s after its grant, well within Gusto's minute. A worker
 * that dies loses the answers it held: its places stay counted from their grant, up to that
 * much early, which the 4 places of margin in `GUSTO_RATE_BUDGET` and Gusto's Retry-After cover.
 */
export class BudgetedRun {
  private spare: Place[] = [];
  private inCall: Place[] = [];
  private answered: { place: Place; at: Date }[] = [];
  private taken = 0;
  /** The last `reserve`: requests wait for it, and `close` too. */
  private reserved: Promise<void> = Promise.resolve();
  private settleTimer: NodeJS.Timeout | null = null;
  /** Settlements the timer started, awaited by `close`. */
  private readonly settling = new Set<Promise<void>>();
  private closed = false;

  /** `expected`: the calls the run will probably make, taken together in its first grant. */
  constructor(
    private readonly budget: BudgetedCalls,
    private readonly expected = 1,
  ) {}

  /**
   * Sends one call within the budget: each of its attempts takes a place through `beforeSend`,
   * which its client awaits just before the attempt leaves.
   */
  async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } finally {
      const at = new Date();
      for (const place of this.inCall) this.answered.push({ place, at });
      this.inCall = [];
      this.settleInTime();
    }
  }

  /**
   * The client's `beforeSend`: a place for the attempt about to leave, once the run's last
   * `reserve` is in. A failed reserve refuses the attempt with its error.
   */
  readonly beforeSend = async (): Promise<void> => {
    await this.reserved;
    await this.takePlace();
  };

  /** The client's `beforeRetry`: the 429 that calls for a pause ends the retries. */
  readonly beforeRetry = async (failure: unknown): Promise<void> => {
    if (failure instanceof GustoRateLimitedError) throw failure;
  };

  /**
   * Takes the run's places unless it holds fresh ones; `call` then uses them. `beside` is
   * stored with the first grant asked for (see `WriteBeside`), or alone when none is needed.
   * The run's next request may be built meanwhile: `beforeSend` holds it until both are in.
   */
  reserve(beside?: WriteBeside): Promise<void> {
    const reserving = this.reserveNow(beside);
    this.reserved = reserving;

    return reserving;
  }

  private async reserveNow(beside: WriteBeside | undefined): Promise<void> {
    const { budget } = this.budget;
    if (budget === null || (this.spare.length > 0 && this.fresh(budget))) {
      await beside?.execute(this.budget.storage.db);
      return;
    }

    this.spare = await this.grant(budget, beside);
    this.settleInTime();
  }

  /**
   * Records the run's answers and gives back the places it did not use, once a reserve still in
   * progress is in. Never throws (see `settle`).
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    await this.reserved.catch(() => {});
    await Promise.all(this.settling);
    await this.settle();
  }

  private async takePlace(): Promise<void> {
    const { budget } = this.budget;
    if (budget === null) return;
    if (this.spare.length > 0 && this.fresh(budget)) {
      this.use(this.spare.pop() as Place);
      return;
    }

    const granted = await this.grant(budget);
    this.spare = granted.slice(1);
    this.use(firstOf(granted));
    this.settleInTime();
  }

  private use(place: Place): void {
    this.inCall.push(place);
    this.taken += 1;
  }

  /** Whether every place the run holds unsettled was granted within `FRESH_SHARE` of a window. */
  private fresh(budget: BudgetOptions): boolean {
    const oldest = this.oldestUnsettled();

    return oldest === null || Date.now() - oldest < budget.window_ms * FRESH_SHARE;
  }

  private oldestUnsettled(
    held = [...this.spare, ...this.inCall, ...this.answered.map((a) => a.place)],
  ): number | null {
    return held.length === 0 ? null : Math.min(...held.map((p) => p.granted_at));
  }

  /**
   * Arms the timer that settles the run's places once the oldest is a quarter window old. A
   * place in flight is left out: it cannot be settled before its answer, and `call` arms the
   * timer again once that is in.
   */
  private settleInTime(): void {
    const { budget } = this.budget;
    const oldest = this.oldestUnsettled([...this.spare, ...this.answered.map((a) => a.place)]);
    if (budget === null || oldest === null || this.settleTimer !== null || this.closed) return;

    const due = oldest + budget.window_ms * FRESH_SHARE - Date.now();
    this.settleTimer = setTimeout(() => this.settleNow(), Math.max(0, due));
    this.settleTimer.unref();
  }

  private settleNow(): void {
    this.settleTimer = null;
    const settling = this.settle();
    this.settling.add(settling);
    void settling.then(() => {
      this.settling.delete(settling);
      this.settleInTime();
    });
  }

  /**
   * Records the answers held and gives back the spare places. A failure leaves answered places
   * counted from their grant: the budget may then admit a request a little early, which Gusto
   * answers with 429 and a Retry-After the budget obeys. Not worth failing a hand-off for.
   */
  private async settle(): Promise<void> {
    const settled = this.unsettled();
    if (settled.answered.length === 0 && settled.release.length === 0) return;
    this.answered = [];
    this.spare = [];
    try {
      await settlePlaces(this.budget.storage.db, settled);
    } catch (err) {
      this.budget.logger.warn(
        { err, budget_key: this.budget.key },
        'rate budget answers not stored',
      );
    }
  }

  private unsettled() {
    return {
      answered: this.answered.map(({ place, at }) => ({ id: place.id, at })),
      release: this.spare.map((p) => p.id),
    };
  }

  private async grant(budget: BudgetOptions, beside?: WriteBeside): Promise<Place[]> {
    // Counted by the waits asked for, not the clock, so a budget on a fixed clock cannot spin.
    let waited = 0;
    let write = beside;
    for (;;) {
      const places = Math.max(1, this.expected - this.taken);
      const settled = this.unsettled();
      // Settled by the acquire below, granted or not; kept for a later settlement if it fails
      // (settling twice is harmless: an instant only moves forward, a release deletes by id).
      const { answered, spare } = this;
      this.answered = [];
      this.spare = [];
      const decision = await acquirePlaces(this.budget.storage, this.budget.key, budget, {
        places,
        ...settled,
        beside: write,
      }).catch((error: unknown) => {
        this.answered = [...answered, ...this.answered];
        this.spare = [...spare, ...this.spare];
        throw error;
      });
      // Stored with the first decision, granted or not.
      write = undefined;
      if (decision.granted) {
        const granted_at = decision.at.getTime();
        return decision.ids.map((id) => ({ id, granted_at }));
      }
      waited += decision.wait_ms;
      if (waited > INLINE_WAIT_MS || this.budget.signal.aborted) {
        throw new BudgetSpentError(decision.wait_ms);
      }
      await waitFor(decision.wait_ms, this.budget.signal);
    }
  }
}

/** A held place is used within this share of the window from its grant (see `BudgetedRun`). */
const FRESH_SHARE = 0.25;

function firstOf(places: Place[]): Place {
  const [place] = places;
  if (place === undefined) throw new Error('A grant carries at least one place');

  return place;
}

async function waitFor(wait_ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(wait_ms, undefined, { signal });
  } catch {
    throw new BudgetSpentError(wait_ms);
  }
}
