import type { Kysely } from 'kysely';
import type { GustoContext } from '../gusto-client/call-gusto.js';
import type { Job } from '../gusto-client/types.js';
import type { WriteBeside } from '../outbox/acquire.js';
import type { DialectName } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import type { Handoff, HandoffStep } from './handoff-store.js';
import type { HandoffProblem, StepName } from './tables.js';

/** What every step of one run of a hand-off works with. */
export interface StepContext {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Host, access token, fetch and logger for the Gusto client. */
  gusto: GustoContext;
  company_uuid: string;
  handoff: Handoff;
  /** Stored outcomes of earlier attempts, by step. */
  steps: Map<StepName, HandoffStep>;
  /** Sends one request to Gusto within the company's shared rate budget; every request goes so. */
  call: <T>(send: () => Promise<T>) => Promise<T>;
  /**
   * Takes the run's places in the budget now, if it holds none, and stores `beside`, a write that
   * must also come before the request, with the grant (see `WriteBeside`); `call` takes the
   * places otherwise. The run's next request waits for both before it leaves, so it may be built
   * meanwhile.
   */
  reserve: (beside: WriteBeside) => Promise<void>;
  /** What this run's creates answered, so later steps of the same run need not read it again. */
  answers: { job?: Job };
  /** Called once an unknown outcome has been resolved by a lookup (adopted or not found). */
  resolved: () => Promise<void>;
}

/**
 * Something the recruiter must correct that Hirebridge found itself (not a Gusto 422), such as a
 * department that no longer exists in Gusto.
 */
export class HandoffAttentionError extends Error {
  override name = 'HandoffAttentionError';

  constructor(readonly problems: HandoffProblem[]) {
    super(problems.map((p) => p.message).join(' '));
  }
}

/** A step failed; carries which one, with the client's error as `cause`. */
export class StepFailedError extends Error {
  override name = 'StepFailedError';

  constructor(
    readonly step: StepName,
    override readonly cause: unknown,
  ) {
    super(`Hand-off step ${step} failed`, { cause });
  }
}

/** The person's uuid in Gusto, known once the create step is done. */
export function personUuid(ctx: StepContext): string {
  const uuid = ctx.handoff.gusto_person_uuid;
  if (uuid === null) throw new Error('The person step has not stored a Gusto uuid');

  return uuid;
}

/** The job's uuid in Gusto, known once the job step is done. */
export function jobUuid(ctx: StepContext): string {
  const uuid = ctx.handoff.gusto_job_uuid;
  if (uuid === null) throw new Error('The job step has not stored a Gusto uuid');

  return uuid;
}
