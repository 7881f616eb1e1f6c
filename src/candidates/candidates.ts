import type { Kysely, Selectable } from 'kysely';
import type { AtsTables, Database } from '../storage/schema.js';
import { inTransaction } from './in-transaction.js';
import type { Stage } from './stages.js';

/** A person in an account's pipeline. Names are stored exactly as typed, never split or joined. */
export type Candidate = Selectable<AtsTables['candidates']>;

/** The fields a recruiter edits on a candidate. */
export interface CandidateInput {
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  email: string | null;
  phone: string | null;
  job_id: string | null;
}

/** One entry of a candidate's stage history, with who moved them. */
export type StageChange = Selectable<AtsTables['stage_changes']> & {
  changed_by_name: string | null;
};

/** A note on a candidate, with its author's name. */
export type CandidateNote = Selectable<AtsTables['candidate_notes']> & {
  author_name: string | null;
};

type Db = Kysely<Database>;

/** How many of an account's candidates are at each stage (stages with none are left out). */
export async function countByStage(db: Db, accountId: string): Promise<Map<Stage, number>> {
  const rows = await db
    .selectFrom('candidates')
    .select((eb) => ['stage', eb.fn.countAll().as('n')])
    .where('account_id', '=', accountId)
    .groupBy('stage')
    .execute();

  return new Map(rows.map((r) => [r.stage, Number(r.n)]));
}

/** Reads one candidate of an account. */
export async function getCandidate(
  db: Db,
  accountId: string,
  candidateId: string,
): Promise<Candidate | undefined> {
  return db
    .selectFrom('candidates')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', candidateId)
    .executeTakeFirst();
}

/** Adds a candidate at stage New (or the given stage) and records it as their first stage. */
export async function createCandidate(
  db: Db,
  accountId: string,
  input: CandidateInput,
  options: { userId: string | null; stage?: Stage; now?: Date } = { userId: null },
): Promise<Candidate> {
  const now = (options.now ?? new Date()).toISOString();
  const candidate: Candidate = {
    id: crypto.randomUUID(),
    account_id: accountId,
    ...input,
    stage: options.stage ?? 'new',
    created_at: now,
    updated_at: now,
  };
  await inTransaction(db, async (trx) => {
    await trx.insertInto('candidates').values(candidate).execute();
    await insertStageChange(trx, candidate, null, options.userId, now);
  });

  return candidate;
}

/** Changes a candidate's details; returns whether the account has such a candidate. */
export async function updateCandidate(
  db: Db,
  accountId: string,
  candidateId: string,
  input: CandidateInput,
): Promise<boolean> {
  const result = await db
    .updateTable('candidates')
    .set({ ...input, updated_at: new Date().toISOString() })
    .where('account_id', '=', accountId)
    .where('id', '=', candidateId)
    .executeTakeFirst();

  return result.numUpdatedRows > 0n;
}

/** Thrown when a stage move would skip the hire step. */
export class HireStepRequiredError extends Error {
  constructor() {
    super('Moving a candidate to Hired goes through the hire step');
    this.name = 'HireStepRequiredError';
  }
}

/**
 * Moves a candidate to any stage but Hired (which takes the hire step, `recordHire`), recording
 * the change. Returns false when the account has no such candidate.
 */
export async function moveCandidate(
  db: Db,
  input: { accountId: string; candidateId: string; stage: Stage; userId: string | null },
): Promise<boolean> {
  if (input.stage === 'hired') throw new HireStepRequiredError();

  return inTransaction(db, async (trx) => {
    const candidate = await getCandidate(trx, input.accountId, input.candidateId);
    if (!candidate) return false;
    if (candidate.stage === input.stage) return true;

    await setStage(trx, candidate, input.stage, input.userId);

    return true;
  });
}

/** Sets a candidate's stage and appends the change to their history. */
export async function setStage(
  db: Db,
  candidate: Pick<Candidate, 'id' | 'account_id' | 'stage'>,
  stage: Stage,
  userId: string | null,
  now = new Date().toISOString(),
): Promise<void> {
  await db
    .updateTable('candidates')
    .set({ stage, updated_at: now })
    .where('account_id', '=', candidate.account_id)
    .where('id', '=', candidate.id)
    .execute();
  await insertStageChange(db, { ...candidate, stage }, candidate.stage, userId, now);
}

async function insertStageChange(
  db: Db,
  candidate: Pick<Candidate, 'id' | 'account_id' | 'stage'>,
  from: Stage | null,
  userId: string | null,
  now: string,
): Promise<void> {
  await db
    .insertInto('stage_changes')
    .values({
      id: crypto.randomUUID(),
      account_id: candidate.account_id,
      candidate_id: candidate.id,
      from_stage: from,
      to_stage: candidate.stage,
      changed_by: userId,
      changed_at: now,
    })
    .execute();
}

/** A candidate's stage history, oldest first. */
export async function listStageChanges(
  db: Db,
  accountId: string,
  candidateId: string,
): Promise<StageChange[]> {
  return db
    .selectFrom('stage_changes as s')
    .leftJoin('users as u', 'u.id', 's.changed_by')
    .selectAll('s')
    .select('u.name as changed_by_name')
    .where('s.account_id', '=', accountId)
    .where('s.candidate_id', '=', candidateId)
    .orderBy('s.changed_at')
    .orderBy('s.id')
    .execute();
}

/** Adds a note to a candidate of the account. */
export async function addNote(
  db: Db,
  input: { accountId: string; candidateId: string; authorId: string | null; body: string },
): Promise<void> {
  await db
    .insertInto('candidate_notes')
    .values({
      id: crypto.randomUUID(),
      account_id: input.accountId,
      candidate_id: input.candidateId,
      author_id: input.authorId,
      body: input.body,
      created_at: new Date().toISOString(),
    })
    .execute();
}

/** A candidate's notes, newest first. */
export async function listNotes(
  db: Db,
  accountId: string,
  candidateId: string,
): Promise<CandidateNote[]> {
  return db
    .selectFrom('candidate_notes as n')
    .leftJoin('users as u', 'u.id', 'n.author_id')
    .selectAll('n')
    .select('u.name as author_name')
    .where('n.account_id', '=', accountId)
    .where('n.candidate_id', '=', candidateId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .execute();
}
