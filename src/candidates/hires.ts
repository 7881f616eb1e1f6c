import type { Kysely, Selectable } from 'kysely';
import type { AtsTables, Database } from '../storage/schema.js';
import { getCandidate, setStage } from './candidates.js';
import { inTransaction } from './in-transaction.js';

/** Whether a hire joins as an employee (on payroll) or a contractor. */
export const WORKER_TYPES = ['employee', 'contractor'] as const;

/** A hire's worker type. */
export type WorkerType = (typeof WORKER_TYPES)[number];

/** Display names of the worker types. */
export const WORKER_TYPE_LABELS: Record<WorkerType, string> = {
  employee: 'Employee',
  contractor: 'Contractor',
};

/** Units the offered pay is quoted in; Gusto's own payment units. */
export const PAY_UNITS = ['Hour', 'Week', 'Month', 'Year', 'Paycheck'] as const;

/** A pay unit. */
export type PayUnit = (typeof PAY_UNITS)[number];

/** The hire step's record of one Hired candidate: what was offered and when they start. */
export type Hire = Selectable<AtsTables['hires']>;

/** The fields of the hire step. */
export interface HireInput {
  /** `YYYY-MM-DD`, as typed; never turned into a `Date`. */
  start_date: string;
  job_title: string;
  worker_type: WorkerType;
  /** Decimal text with two places. */
  pay_rate: string;
  pay_unit: PayUnit;
  department: string | null;
  work_location: string | null;
}

type Db = Kysely<Database>;

/** Reads the hire record of a candidate of the account, if the hire step was taken. */
export async function getHire(
  db: Db,
  accountId: string,
  candidateId: string,
): Promise<Hire | undefined> {
  return db
    .selectFrom('hires')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('candidate_id', '=', candidateId)
    .executeTakeFirst();
}

/**
 * The hire step: stores the hire record (replacing an earlier one) and moves the candidate to
 * Hired, all or nothing. Returns undefined when the account has no such candidate.
 */
export async function recordHire(
  db: Db,
  input: { accountId: string; candidateId: string; userId: string | null; hire: HireInput },
): Promise<Hire | undefined> {
  return inTransaction(db, async (trx) => {
    const candidate = await getCandidate(trx, input.accountId, input.candidateId);
    if (!candidate) return undefined;

    const now = new Date().toISOString();
    const fields = { ...input.hire, recorded_by: input.userId, recorded_at: now };
    // One hire per candidate: a second submission (another tab, a re-edit) updates the first.
    await trx
      .insertInto('hires')
      .values({
        id: crypto.randomUUID(),
        account_id: input.accountId,
        candidate_id: candidate.id,
        ...fields,
      })
      .onConflict((oc) => oc.column('candidate_id').doUpdateSet(fields))
      .execute();
    if (candidate.stage !== 'hired') await setStage(trx, candidate, 'hired', input.userId, now);

    return getHire(trx, input.accountId, candidate.id);
  });
}

/** Lists an account's most recent hires with the candidates' names, for the dashboard. */
export async function listRecentHires(db: Db, accountId: string, limit: number) {
  return db
    .selectFrom('hires as h')
    .innerJoin('candidates as c', 'c.id', 'h.candidate_id')
    .select(['h.candidate_id', 'h.start_date', 'h.job_title', 'h.worker_type'])
    .select(['c.first_name', 'c.last_name', 'c.preferred_name'])
    .where('h.account_id', '=', accountId)
    .orderBy('h.recorded_at', 'desc')
    .orderBy('h.id')
    .limit(limit)
    .execute();
}
