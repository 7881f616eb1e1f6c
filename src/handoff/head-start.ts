import type { Kysely } from 'kysely';
import { gustoBudgetKey } from '../gusto-connection/budget-key.js';
import {
  type GustoConnection,
  getLiveConnection,
} from '../gusto-connection/connection-repository.js';
import type { Logger } from '../logging/logger.js';
import { acquirePlaces, type PlacesGrant, settlePlaces } from '../outbox/acquire.js';
import type { HeadStart, HeadStarted } from '../outbox/hand-over.js';
import type { BudgetOptions } from '../outbox/rate-budget.js';
import type { Storage } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import { GUSTO_RATE_BUDGET } from './gusto-budget.js';
import type { HandoffForm } from './handoff-form.js';
import { expectedRunCalls } from './steps.js';

/** What a click knows of the hand-off it is about to write: the head start's input. */
export class HandoffToStart {
  constructor(
    readonly account_id: string,
    readonly form: HandoffForm,
  ) {}
}

/** The account's connection as read beside the click, or why the read failed. */
export type ConnectionReadResult = { row: GustoConnection | undefined } | { error: unknown };

/** What the hand-off worker's head start works with: the handler's own deps. */
export interface HeadStartDeps {
  storage: Storage;
  /** Where the Gusto connections are stored. */
  connection: { db: Kysely<Database> };
  /** The handler's budget: default `GUSTO_RATE_BUDGET`, null for none. */
  budget?: BudgetOptions | null;
  logger: Logger;
}

/**
 * The hand-off worker's head start (`HeadStart`): the first two things a run of a new hand-off
 * does, each a round trip on PostgreSQL, begun beside the click's statement instead of after it:
 * reading the account's connection, and taking the rate budget's places for the calls the run
 * expects. Null for anything but a `HandoffToStart`.
 */
export function handoffHeadStart(deps: HeadStartDeps): HeadStart {
  return (input) => {
    if (!(input instanceof HandoffToStart)) return null;
    const connection = getLiveConnection(deps.connection.db, input.account_id).then(
      (row) => ({ row }),
      (error: unknown) => ({ error }),
    );

    return new HandoffHeadStart(deps, input.account_id, connection, grantFor(deps, input));
  };
}

/** The places of a new hand-off's calls; null when there is no budget or the grant failed. */
function grantFor(deps: HeadStartDeps, input: HandoffToStart): Promise<PlacesGrant | null> {
  const budget = deps.budget === undefined ? GUSTO_RATE_BUDGET : deps.budget;
  if (budget === null) return Promise.resolve(null);
  const places = expectedRunCalls(input.form, new Map());

  // A failed grant is not the click's failure: the run asks again, and reports it if it fails.
  return acquirePlaces(deps.storage, gustoBudgetKey(input.account_id), budget, { places }).catch(
    () => null,
  );
}

/**
 * A head start begun for one click. The run takes its grant once (`takeGrant`); dropped
 * before that, by a click that queued no task for the place or a run that never got as far,
 * the grant's places are given back instead of staying counted for a window.
 */
export class HandoffHeadStart implements HeadStarted {
  private grantTaken = false;
  private dropped = false;

  constructor(
    private readonly deps: HeadStartDeps,
    readonly account_id: string,
    /** Never rejects. */
    readonly connection: Promise<ConnectionReadResult>,
    private readonly grant: Promise<PlacesGrant | null>,
  ) {}

  /** The grant for the run of this account's budget key, once; null after that or a drop. */
  takeGrant(key: string): Promise<PlacesGrant | null> | null {
    if (this.grantTaken || this.dropped || key !== gustoBudgetKey(this.account_id)) return null;
    this.grantTaken = true;

    return this.grant;
  }

  async drop(): Promise<void> {
    if (this.grantTaken || this.dropped) return;
    this.dropped = true;
    await this.giveBack(await this.grant);
  }

  private async giveBack(decision: PlacesGrant | null): Promise<void> {
    if (!decision?.granted) return;
    try {
      await settlePlaces(this.deps.storage.db, { release: decision.ids });
    } catch (err) {
      // Left counted until the window passes, as a dead worker's places are; the budget's
      // margin and Gusto's Retry-After cover that.
      this.deps.logger.warn(
        { err, account_id: this.account_id },
        'rate budget places of an unused head start not given back',
      );
    }
  }
}
