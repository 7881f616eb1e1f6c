/**
 * The review form of a hand-off: what the recruiter confirms before a hire goes to Gusto, as typed
 * (`FormValues`, every field a string) and as checked (`HandoffForm`, stored with the hand-off).
 * There is no social security number field: the new hire enters theirs in Gusto's self-onboarding.
 */

/** Gusto's compensation payment units. */
export const PAYMENT_UNITS = ['Hour', 'Week', 'Month', 'Year', 'Paycheck'] as const;

/** Gusto's FLSA statuses for a compensation. */
export const FLSA_STATUSES = [
  'Exempt',
  'Salaried Nonexempt',
  'Nonexempt',
  'Owner',
  'Commission Only Exempt',
  'Commission Only Nonexempt',
] as const;

/** A Gusto payment unit. */
export type PaymentUnit = (typeof PAYMENT_UNITS)[number];

/** A Gusto FLSA status. */
export type FlsaStatus = (typeof FLSA_STATUSES)[number];

/** Every field of the review form, by its `name` attribute. */
export const FORM_FIELDS = [
  'worker_type',
  'contractor_type',
  'first_name',
  'middle_initial',
  'last_name',
  'preferred_first_name',
  'email',
  'work_email',
  'start_date',
  'job_title',
  'department_uuid',
  'location_uuid',
  'rate',
  'payment_unit',
  'flsa_status',
  'wage_type',
  'hourly_rate',
  'business_name',
  'ein',
  'self_onboarding',
  'date_of_birth',
  'phone',
] as const;

/** A field of the review form. */
export type FormField = (typeof FORM_FIELDS)[number];

/** The form as typed: every field as text (`self_onboarding` is `'on'` or empty). */
export type FormValues = Record<FormField, string>;

/** Labels of the review form's fields, for the error summary and the fields themselves. */
export const FIELD_LABELS: Record<FormField, string> = {
  worker_type: 'Employee or contractor',
  contractor_type: 'Contractor type',
  first_name: 'Legal first name',
  middle_initial: 'Middle initial',
  last_name: 'Legal last name',
  preferred_first_name: 'Preferred first name',
  email: 'Personal email',
  work_email: 'Work email',
  start_date: 'Start date',
  job_title: 'Job title',
  department_uuid: 'Department',
  location_uuid: 'Work location',
  rate: 'Pay rate',
  payment_unit: 'Paid per',
  flsa_status: 'FLSA status',
  wage_type: 'Contractor paid',
  hourly_rate: 'Hourly rate',
  business_name: 'Business name',
  ein: 'EIN',
  self_onboarding: 'Self-onboarding',
  date_of_birth: 'Date of birth',
  phone: 'Phone',
};

/** Problems found, each beside the field it concerns. */
export type FieldErrors = Partial<Record<FormField, string>>;

/** What both kinds of worker share. Optional fields are null when left empty. */
interface CommonForm {
  /** Legal first name, exactly as typed. */
  first_name: string;
  middle_initial: string | null;
  /** Legal last name, exactly as typed. */
  last_name: string;
  preferred_first_name: string | null;
  /** Personal email: where Gusto sends the self-onboarding invitation. */
  email: string | null;
  work_email: string | null;
  /** `YYYY-MM-DD`, never a `Date`. */
  start_date: string;
  job_title: string;
  /** A department of the company in Gusto, or null for none. */
  department_uuid: string | null;
  /** A work location of the company in Gusto (employees only). */
  location_uuid: string | null;
  self_onboarding: boolean;
  /** `YYYY-MM-DD`; optional, Gusto requires only the names (C11). */
  date_of_birth: string | null;
  /**
   * Ten digits. Kept with the hand-off only: Gusto's App Integrations API has no phone field on
   * employee or contractor writes, so the new hire adds it in self-onboarding.
   */
  phone: string | null;
}

/** An employee hand-off: a job with its pay. */
export interface EmployeeForm extends CommonForm {
  worker_type: 'employee';
  /** Decimal text such as `"85000.00"`. */
  rate: string;
  payment_unit: PaymentUnit;
  flsa_status: FlsaStatus;
}

/** A contractor hand-off: an individual or a business, paid a fixed amount or hourly. */
export interface ContractorForm extends CommonForm {
  worker_type: 'contractor';
  contractor_type: 'Individual' | 'Business';
  wage_type: 'Fixed' | 'Hourly';
  /** Decimal text; required for Hourly. */
  hourly_rate: string | null;
  /** Required for a Business. */
  business_name: string | null;
  /** Nine digits, for a Business. */
  ein: string | null;
}

/** The checked form, as stored with the hand-off. */
export type HandoffForm = EmployeeForm | ContractorForm;

/** An empty form: every field blank, self-onboarding on. */
export function blankValues(): FormValues {
  const values = Object.fromEntries(FORM_FIELDS.map((f) => [f, ''])) as FormValues;

  return { ...values, self_onboarding: 'on' };
}

/** Reads the review form from a submitted body; unknown fields are ignored, files refused. */
export function valuesFromBody(body: Record<string, unknown>): FormValues {
  const values = blankValues();
  for (const field of FORM_FIELDS) {
    const value = body[field];
    values[field] = typeof value === 'string' ? value : '';
  }

  return values;
}

/** The stored form back as field values, to show it again for correction. */
export function valuesFromForm(form: HandoffForm): FormValues {
  const values = blankValues();
  for (const field of FORM_FIELDS) {
    const value = (form as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string') values[field] = value;
  }
  values.self_onboarding = form.self_onboarding ? 'on' : '';

  return values;
}
