import type { GustoEntityError } from '../gusto-client/errors.js';
import type { FormField } from './handoff-form.js';
import type { HandoffProblem, StepName } from './tables.js';

/** Gusto's attribute names that differ from the review form's, by step. */
const FIELD_BY_KEY: Partial<Record<StepName, Record<string, FormField>>> = {
  job: { title: 'job_title', hire_date: 'start_date' },
  compensation: { effective_date: 'start_date', rate: 'rate' },
  work_address: { location_uuid: 'location_uuid', location: 'location_uuid' },
  create_contractor: { type: 'contractor_type' },
  department: { version: 'department_uuid', base: 'department_uuid' },
};

const FORM_FIELD_NAMES = new Set<string>([
  'first_name',
  'middle_initial',
  'last_name',
  'preferred_first_name',
  'email',
  'work_email',
  'start_date',
  'date_of_birth',
  'rate',
  'payment_unit',
  'flsa_status',
  'wage_type',
  'hourly_rate',
  'business_name',
  'ein',
]);

/** The form field Gusto's `error_key` names in this step, or null when it names none. */
export function fieldFor(step: StepName, error_key: string): FormField | null {
  const mapped = FIELD_BY_KEY[step]?.[error_key];
  if (mapped) return mapped;
  if (error_key === 'effective_date') return 'start_date';

  return FORM_FIELD_NAMES.has(error_key) ? (error_key as FormField) : null;
}

/** The part of the hire a step sends, in the recruiter's words. */
export const STEP_LABELS: Record<StepName, string> = {
  reconcile: 'looking the person up in Gusto',
  create_employee: 'the employee',
  create_contractor: 'the contractor',
  work_address: 'the work address',
  job: 'the job',
  compensation: 'the pay',
  department: 'the department',
};

function flatten(errors: GustoEntityError[]): GustoEntityError[] {
  return errors.flatMap((e) => (e.errors.length > 0 ? flatten(e.errors) : [e]));
}

/**
 * Gusto's 422 complaints as problems beside form fields, with Gusto's own message word for word
 * (or its error key and category when it sent no message).
 * @see https://docs.gusto.com/app-integrations/docs/error-categories
 */
export function problemsFrom(step: StepName, errors: GustoEntityError[]): HandoffProblem[] {
  return flatten(errors).map((e) => ({
    error_key: e.error_key,
    field: fieldFor(step, e.error_key),
    message: e.message ?? `${e.error_key}: ${e.category}`,
  }));
}
