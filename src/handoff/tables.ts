import type { HandoffStatus } from './state-machine.js';

/** The steps a hand-off may run, in the order they run for their worker type. */
export type StepName =
  | 'reconcile'
  | 'create_employee'
  | 'work_address'
  | 'job'
  | 'compensation'
  | 'create_contractor'
  | 'department';

/**
 * Where one step stands: `sent` is written before its request leaves, so a step still `sent`
 * on the next attempt had an unknown outcome (timeout, dropped answer, 5xx, or a worker that died
 * mid-call) and is looked up in Gusto before anything is created again.
 */
export type StepStatus = 'sent' | 'done' | 'failed';

/** One of Gusto's own complaints, with the form field it concerns when we can tell. */
export interface HandoffProblem {
  /** Gusto's `error_key` (such as `first_name`, `title`, `base`), or ours. */
  error_key: string;
  /** The review form field to show it beside, or null when it concerns no single field. */
  field: string | null;
  /** Gusto's message, word for word, or ours when Gusto gave none. */
  message: string;
}

/** Why a hand-off needs attention: the step, the reason in words and Gusto's messages. */
export interface HandoffError {
  step: StepName | null;
  message: string;
  problems: HandoffProblem[];
}

/** A row of `handoffs`: one hire on its way to (or in) Gusto. */
export interface HandoffRow {
  id: string;
  account_id: string;
  candidate_id: string;
  /** The candidate id while the hand-off stands; the unique index allows one per candidate. */
  live_key: string | null;
  company_uuid: string;
  worker_type: 'employee' | 'contractor';
  /** The reviewed form (`HandoffForm`) as JSON. */
  form: string;
  status: HandoffStatus;
  gusto_person_uuid: string | null;
  gusto_job_uuid: string | null;
  /** `HandoffError` as JSON, while the hand-off needs attention or is checking. */
  last_error: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

/** A row of `handoff_steps`: the stored outcome of one step of one hand-off. */
export interface HandoffStepRow {
  handoff_id: string;
  step: StepName;
  status: StepStatus;
  /** What the step made or found in Gusto (employee, contractor, job, compensation…). */
  gusto_uuid: string | null;
  /** `HandoffError` as JSON when the step failed or its outcome is unknown. */
  error: string | null;
  attempted_at: string;
  completed_at: string | null;
}

/** The hand-off's tables, merged into the `Database` interface. */
export interface HandoffTables {
  handoffs: HandoffRow;
  handoff_steps: HandoffStepRow;
}
