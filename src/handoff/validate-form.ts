import { isCalendarDate } from './calendar-date.js';
import {
  type ContractorForm,
  type EmployeeForm,
  FIELD_LABELS,
  type FieldErrors,
  FLSA_STATUSES,
  type FlsaStatus,
  FORM_FIELDS,
  type FormValues,
  type HandoffForm,
  PAYMENT_UNITS,
  type PaymentUnit,
} from './handoff-form.js';
import { type Choices, nameIn } from './review-defaults.js';

/** What the check needs besides the form. */
export interface CheckOptions {
  /** The company's live departments and locations; null or absent when Gusto could not list them. */
  choices?: Choices | null;
  /** Today as `YYYY-MM-DD` (UTC); default the current day. */
  today?: string;
}

/** The outcome of checking a review form: the form to send, or every problem by field. */
export type FormCheck = { ok: true; form: HandoffForm } | { ok: false; errors: FieldErrors };

/** The message C6 asks for, word for word, when self-onboarding has nowhere to send its invite. */
export const PERSONAL_EMAIL_REQUIRED =
  'The personal email is required for self-onboarding: Gusto sends the invitation there.';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DECIMAL = /^\d{1,10}(\.\d{1,2})?$/;
const ONE_LETTER = /^\p{L}$/u;
/** C0 controls, DEL, and the bidi embeddings, overrides and isolates that reorder shown text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it refuses.
const HIDDEN_CHARACTER = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u;
/** Fields the recruiter types in, where a space at either end is a slip, not a value. */
const TYPED_FIELDS = [
  'first_name',
  'middle_initial',
  'last_name',
  'preferred_first_name',
  'email',
  'work_email',
  'start_date',
  'job_title',
  'rate',
  'hourly_rate',
  'business_name',
  'ein',
  'date_of_birth',
  'phone',
] as const;

/** Empty (or blank) text becomes null; anything else is kept exactly as typed. */
function optional(text: string): string | null {
  return text.trim() === '' ? null : text;
}

/** Digits of a phone or EIN typed with spaces, dashes, dots or parentheses. */
function digitsOf(text: string): string | null {
  if (!/^[\d\s().+-]*$/.test(text)) return null;

  return text.replace(/\D/g, '');
}

/** A US phone as its ten digits; a leading country code 1 is dropped. */
function phoneDigits(text: string): string | null {
  const digits = digitsOf(text);
  if (digits === null) return null;
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;

  return national.length === 10 ? national : null;
}

function isPaymentUnit(text: string): text is PaymentUnit {
  return (PAYMENT_UNITS as readonly string[]).includes(text);
}

function isFlsaStatus(text: string): text is FlsaStatus {
  return (FLSA_STATUSES as readonly string[]).includes(text);
}

/** Whether the self-onboarding checkbox was ticked. */
export function isChecked(text: string): boolean {
  return text === 'on' || text === 'true' || text === '1';
}

/**
 * Checks the form against Gusto's rules for creating an employee or a contractor, so the
 * recruiter fixes problems here rather than reading them back from Gusto. Names are never
 * altered (C5); no address is ever invented for a missing email (C6); a date of birth is not
 * needed (C11). A department or location may be a Gusto uuid or a name (`name:Engineering`)
 * the worker matches against the company's live list.
 * @see https://docs.gusto.com/app-integrations/reference/post-v1-employees
 * @see https://docs.gusto.com/app-integrations/reference/post-v1-companies-company_uuid-contractors
 */
export function validateForm(values: FormValues, options: CheckOptions = {}): FormCheck {
  const errors: FieldErrors = {};
  checkCharacters(values, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (values.worker_type !== 'employee' && values.worker_type !== 'contractor') {
    errors.worker_type = 'Choose whether this hire joins as an employee or a contractor.';
    return { ok: false, errors };
  }

  checkContact(values, errors);
  checkDates(values, errors, options.today ?? new Date().toISOString().slice(0, 10));
  checkChoices(values, errors, options.choices ?? null);
  const form =
    values.worker_type === 'employee'
      ? employeeForm(values, errors)
      : contractorForm(values, errors);

  return Object.keys(errors).length === 0 && form ? { ok: true, form } : { ok: false, errors };
}

/**
 * Text is sent to Gusto byte for byte, so it is refused, never cleaned: a control or bidi
 * character would reach payroll unseen, and a space at either end would be kept in the name.
 */
function checkCharacters(values: FormValues, errors: FieldErrors): void {
  for (const field of TYPED_FIELDS) {
    const text = values[field];
    // Only spaces counts as empty, which each field's own check handles.
    if (text.trim() !== '' && text !== text.trim()) {
      errors[field] = 'Remove the spaces at the start or end.';
    }
  }
  for (const field of FORM_FIELDS) {
    if (HIDDEN_CHARACTER.test(values[field])) {
      errors[field] =
        `${FIELD_LABELS[field]} contains a control or text-direction character that cannot be ` +
        'shown. Retype it.';
    }
  }
  // The checkbox sends its own value or nothing; anything else did not come from the page.
  if (values.self_onboarding !== 'on' && values.self_onboarding !== '') {
    errors.self_onboarding = 'Tick Self-onboarding or leave it clear.';
  }
}

/**
 * A department or location must be one of the company's own when Gusto listed them; a choice
 * by name (`name:Engineering`) is still allowed, and matched when the hire is sent.
 */
function checkChoices(values: FormValues, errors: FieldErrors, choices: Choices | null): void {
  if (nameIn(values.department_uuid)?.trim() === '') {
    errors.department_uuid = 'Choose a department, or No department.';
  }
  if (choices === null) return;
  const uuid = (v: string) => v !== '' && nameIn(v) === null;
  const department = values.department_uuid;
  if (uuid(department) && !choices.departments.some((d) => d.uuid === department)) {
    errors.department_uuid = 'Choose a department from the list.';
  }
  const location = values.location_uuid;
  const employee = values.worker_type === 'employee';
  if (employee && uuid(location) && !choices.locations.some((l) => l.uuid === location)) {
    errors.location_uuid = 'Choose a work location from the list.';
  }
}

function checkNames(values: FormValues, errors: FieldErrors): void {
  if (values.first_name.trim() === '') errors.first_name = 'Enter the legal first name.';
  if (values.last_name.trim() === '') errors.last_name = 'Enter the legal last name.';
  if (optional(values.middle_initial) !== null && !ONE_LETTER.test(values.middle_initial)) {
    errors.middle_initial = 'The middle initial is a single letter, such as J.';
  }
}

function checkContact(values: FormValues, errors: FieldErrors): void {
  const email = optional(values.email);
  if (email === null && isChecked(values.self_onboarding)) errors.email = PERSONAL_EMAIL_REQUIRED;
  if (email !== null && !EMAIL.test(email)) {
    errors.email = 'Enter the personal email as an address such as name@example.com.';
  }
  const work = optional(values.work_email);
  if (work !== null && !EMAIL.test(work)) {
    errors.work_email = 'Enter the work email as an address such as name@example.com.';
  }
  if (optional(values.phone) !== null && phoneDigits(values.phone) === null) {
    errors.phone = 'Enter the phone as 10 digits, such as 415-555-0123.';
  }
}

function checkDates(values: FormValues, errors: FieldErrors, today: string): void {
  if (!isCalendarDate(values.start_date)) {
    errors.start_date = 'Enter the start date as a real calendar date (YYYY-MM-DD).';
  }
  const born = values.date_of_birth;
  if (optional(born) === null) return;
  // `YYYY-MM-DD` texts compare as dates; no Date object, so no time zone shifts a day.
  if (/^\d{4}-/.test(born) && born < '1900-01-01') {
    errors.date_of_birth = 'Enter a date of birth after 1900.';
  } else if (!isCalendarDate(born)) {
    errors.date_of_birth = 'Enter the date of birth as a real calendar date, or leave it empty.';
  } else if (born >= today) {
    errors.date_of_birth = 'Date of birth must be in the past.';
  }
}

/** A decimal text above zero: Gusto refuses a zero rate, and a zero offer is a slip. */
function isPositiveDecimal(text: string): boolean {
  return DECIMAL.test(text) && Number(text) > 0;
}

function commonFields(values: FormValues) {
  const phone = optional(values.phone) === null ? null : phoneDigits(values.phone);

  return {
    first_name: values.first_name,
    middle_initial: optional(values.middle_initial),
    last_name: values.last_name,
    preferred_first_name: optional(values.preferred_first_name),
    email: optional(values.email)?.trim() ?? null,
    work_email: optional(values.work_email)?.trim() ?? null,
    start_date: values.start_date,
    job_title: values.job_title,
    department_uuid: optional(values.department_uuid),
    location_uuid: optional(values.location_uuid),
    self_onboarding: isChecked(values.self_onboarding),
    date_of_birth: optional(values.date_of_birth),
    phone,
  };
}

function employeeForm(values: FormValues, errors: FieldErrors): EmployeeForm | undefined {
  checkNames(values, errors);
  if (values.job_title.trim() === '') errors.job_title = 'Enter the job title.';
  // A location chosen by name (`name:San Francisco`) is matched in Gusto when the hire is sent.
  const location = optional(values.location_uuid);
  if (location === null || nameIn(location)?.trim() === '') {
    errors.location_uuid = 'Choose the work location in Gusto.';
  }
  const rate = values.rate.trim();
  if (!isPositiveDecimal(rate)) {
    errors.rate = 'Enter the pay rate as a number greater than 0, such as 85000.00.';
  }
  const unit = values.payment_unit;
  if (!isPaymentUnit(unit)) errors.payment_unit = 'Choose how the rate is paid (per hour, year…).';
  const flsa = values.flsa_status;
  if (!isFlsaStatus(flsa)) errors.flsa_status = 'Choose the FLSA status.';
  if (!isPaymentUnit(unit) || !isFlsaStatus(flsa)) return undefined;

  const common = commonFields(values);
  return { ...common, worker_type: 'employee', rate, payment_unit: unit, flsa_status: flsa };
}

function contractorForm(values: FormValues, errors: FieldErrors): ContractorForm | undefined {
  const type = values.contractor_type;
  if (type !== 'Individual' && type !== 'Business') {
    errors.contractor_type = 'Choose whether the contractor is an individual or a business.';
    return undefined;
  }
  if (type === 'Individual') checkNames(values, errors);
  else checkBusiness(values, errors);

  const wage = values.wage_type;
  if (wage !== 'Fixed' && wage !== 'Hourly') {
    errors.wage_type = 'Choose whether the contractor is paid a fixed amount or by the hour.';
    return undefined;
  }
  const hourly = optional(values.hourly_rate)?.trim() ?? null;
  if (wage === 'Hourly' && (hourly === null || !isPositiveDecimal(hourly))) {
    errors.hourly_rate = 'Enter the hourly rate as a number greater than 0, such as 65.00.';
  }

  return contractorFields(values, type, wage, hourly);
}

function checkBusiness(values: FormValues, errors: FieldErrors): void {
  if (values.business_name.trim() === '') errors.business_name = 'Enter the business name.';
  if (optional(values.ein) === null) return;
  if (digitsOf(values.ein)?.length !== 9) {
    errors.ein = 'Enter the EIN as 9 digits, such as 12-3456789.';
  }
}

function contractorFields(
  values: FormValues,
  type: ContractorForm['contractor_type'],
  wage: ContractorForm['wage_type'],
  hourly: string | null,
): ContractorForm {
  const business = type === 'Business';
  const ein = business && optional(values.ein) !== null ? digitsOf(values.ein) : null;

  return {
    ...commonFields(values),
    // A business contractor has no personal names; Gusto ignores them there.
    ...(business ? { first_name: '', last_name: '', middle_initial: null } : {}),
    location_uuid: null,
    worker_type: 'contractor',
    contractor_type: type,
    wage_type: wage,
    hourly_rate: wage === 'Hourly' ? hourly : null,
    business_name: business ? values.business_name : null,
    ein,
  };
}
