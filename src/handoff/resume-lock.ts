import {
  type FieldErrors,
  type FormField,
  type FormValues,
  type HandoffForm,
  valuesFromForm,
} from './handoff-form.js';
import type { HandoffStep } from './handoff-store.js';
import type { StepName } from './tables.js';

/**
 * What Resume may change. Gusto already holds whatever a finished step sent, and Resume never
 * sends it again, so an edit there would be silently dropped (the profile would show one thing and
 * Gusto keep another); switching employee and contractor after the person exists would create a
 * second person. Those fields are shown read-only on Resume and refused by the server.
 */

/** Beside a locked field on Resume, and the refusal when a POST changes one anyway. */
export const LOCKED_MESSAGE = 'Already in Gusto; change it in Gusto.';

const PERSON_KIND: readonly FormField[] = ['worker_type', 'contractor_type'];

/** The review form's fields each step sends to Gusto (see gusto-payloads.ts). */
const SENT_BY: Record<StepName, readonly FormField[]> = {
  reconcile: PERSON_KIND,
  create_employee: [
    ...PERSON_KIND,
    'first_name',
    'middle_initial',
    'last_name',
    'preferred_first_name',
    'email',
    'work_email',
    'date_of_birth',
    'self_onboarding',
  ],
  create_contractor: [
    ...PERSON_KIND,
    'first_name',
    'middle_initial',
    'last_name',
    'business_name',
    'ein',
    'wage_type',
    'hourly_rate',
    'start_date',
    'email',
    'self_onboarding',
  ],
  work_address: ['location_uuid', 'start_date'],
  job: ['job_title', 'start_date'],
  compensation: ['rate', 'payment_unit', 'flsa_status', 'start_date'],
  department: ['department_uuid'],
};

/** Whether Gusto may hold what the step sent: it succeeded, or its outcome is unknown. */
function mayBeInGusto(step: HandoffStep): boolean {
  return step.status === 'done' || step.status === 'sent';
}

/** The fields Resume must keep as they are, from the stored step outcomes. */
export function lockedFields(steps: readonly HandoffStep[]): ReadonlySet<FormField> {
  return new Set(steps.filter(mayBeInGusto).flatMap((s) => SENT_BY[s.step]));
}

/** The kind of person a finished (or unknown) create step made, if any. */
export function createdKind(steps: readonly HandoffStep[]): HandoffForm['worker_type'] | null {
  const made = steps.find((s) => mayBeInGusto(s) && s.step !== 'reconcile' && isCreate(s.step));
  if (!made) return null;

  return made.step === 'create_employee' ? 'employee' : 'contractor';
}

function isCreate(step: StepName): boolean {
  return step === 'create_employee' || step === 'create_contractor';
}

/**
 * The values Gusto holds for the locked fields: the stored form's, with the worker type taken
 * from the person actually created (a form stored before this lock may say otherwise).
 */
export function lockedValues(
  stored: HandoffForm,
  steps: readonly HandoffStep[],
): Partial<FormValues> {
  const all = valuesFromForm(stored);
  const kind = createdKind(steps);
  const values: Partial<FormValues> = {};
  for (const field of lockedFields(steps)) values[field] = all[field];
  if (kind !== null && kind !== stored.worker_type) return { worker_type: kind };

  return values;
}

/**
 * Every locked field the submitted form changes, each with LOCKED_MESSAGE. The browser's
 * read-only fields are no guarantee: this check is what keeps the lock.
 */
export function lockViolations(locked: Partial<FormValues>, submitted: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, value] of Object.entries(locked) as [FormField, string][]) {
    if (submitted[field] !== value) errors[field] = LOCKED_MESSAGE;
  }

  return errors;
}
