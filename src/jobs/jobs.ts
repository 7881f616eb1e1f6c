import type { Kysely, Selectable } from 'kysely';
import type { AtsTables, Database } from '../storage/schema.js';

/** Employment types a job can be posted with. */
export const EMPLOYMENT_TYPES = ['full_time', 'part_time', 'contract', 'internship'] as const;

/** A job's employment type. */
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

/** Display names of the employment types. */
export const EMPLOYMENT_TYPE_LABELS: Record<EmploymentType, string> = {
  full_time: 'Full-time',
  part_time: 'Part-time',
  contract: 'Contract',
  internship: 'Internship',
};

/** A job opening of one account. */
export type Job = Selectable<AtsTables['jobs']>;

/** Whether a job takes candidates. */
export type JobStatus = Job['status'];

/** The fields a recruiter edits on a job. */
export interface JobInput {
  title: string;
  department: string | null;
  location: string | null;
  employment_type: EmploymentType;
}

type Db = Kysely<Database>;

/** Lists an account's jobs, open ones first, then newest first. */
export async function listJobs(db: Db, accountId: string): Promise<Job[]> {
  const jobs = await db
    .selectFrom('jobs')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();

  return [...jobs.filter((j) => j.status === 'open'), ...jobs.filter((j) => j.status !== 'open')];
}

/** Reads one job of an account. */
export async function getJob(db: Db, accountId: string, jobId: string): Promise<Job | undefined> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', jobId)
    .executeTakeFirst();
}

/** Creates an open job. */
export async function createJob(db: Db, accountId: string, input: JobInput): Promise<Job> {
  const now = new Date().toISOString();
  const job: Job = {
    id: crypto.randomUUID(),
    account_id: accountId,
    ...input,
    status: 'open',
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('jobs').values(job).execute();

  return job;
}

/** Changes a job's fields; returns whether the account has such a job. */
export async function updateJob(
  db: Db,
  accountId: string,
  jobId: string,
  input: JobInput,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ ...input, updated_at: new Date().toISOString() })
    .where('account_id', '=', accountId)
    .where('id', '=', jobId)
    .executeTakeFirst();

  return result.numUpdatedRows > 0n;
}

/** Opens or closes a job; returns whether the account has such a job. */
export async function setJobStatus(
  db: Db,
  accountId: string,
  jobId: string,
  status: JobStatus,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status, updated_at: new Date().toISOString() })
    .where('account_id', '=', accountId)
    .where('id', '=', jobId)
    .executeTakeFirst();

  return result.numUpdatedRows > 0n;
}
