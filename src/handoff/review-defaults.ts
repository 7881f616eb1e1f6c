import type { Candidate } from '../candidates/candidates.js';
import type { Hire } from '../candidates/hires.js';
import { blankValues, type FormValues } from './handoff-form.js';

/** A department of the company in Gusto, as the form offers it. */
export interface DepartmentChoice {
  uuid: string;
  title: string;
}

/** A work location of the company in Gusto, as the form offers it. */
export interface LocationChoice {
  uuid: string;
  /** One line such as `525 20th St, San Francisco, CA`. */
  label: string;
  /** Words to match the hire's free-text location against (street, city, state). */
  terms: string[];
}

/** What the form offers to choose from, read live from Gusto. */
export interface Choices {
  departments: DepartmentChoice[];
  locations: LocationChoice[];
}

/**
 * Marks a department or work location chosen by its name rather than its uuid in Gusto, such as
 * `name:Engineering`: offered when Gusto cannot list the company's own (it needs reauthorization,
 * or is unreachable), and matched against the live list by the worker when the hire is sent.
 */
export const BY_NAME = 'name:';

/** The choice value naming a department or location by its text. */
export function byName(text: string): string {
  return `${BY_NAME}${text.trim()}`;
}

/** The name a choice value carries, or null for a Gusto uuid (or nothing chosen). */
export function nameIn(value: string | null): string | null {
  return value?.startsWith(BY_NAME) ? value.slice(BY_NAME.length) : null;
}

function fold(text: string): string {
  return text.trim().toLocaleLowerCase();
}

/** The department whose title is the hire's department text, ignoring case and spaces. */
export function matchDepartment(text: string | null, choices: DepartmentChoice[]): string {
  if (!text) return '';

  return choices.find((d) => fold(d.title) === fold(text))?.uuid ?? '';
}

/**
 * The location the hire's free-text location names: every word of the text must appear in the
 * location's street, city or state. With one location only, that one.
 */
export function matchLocation(text: string | null, choices: LocationChoice[]): string {
  if (choices.length === 1) return choices[0]?.uuid ?? '';
  if (!text) return '';

  const words = fold(text)
    .split(/[\s,]+/)
    .filter(Boolean);
  const found = choices.find((l) => {
    const haystack = fold(l.terms.join(' '));
    return words.length > 0 && words.every((w) => haystack.includes(w));
  });

  return found?.uuid ?? '';
}

/** A value the form holds that is not among the offered ones, kept so it is not lost. */
function keptDepartment(value: string): DepartmentChoice[] {
  if (value === '') return [];

  return [{ uuid: value, title: nameIn(value) ?? 'As chosen before' }];
}

function keptLocation(value: string): LocationChoice[] {
  if (value === '') return [];
  const name = nameIn(value);

  return [{ uuid: value, label: name ?? 'As chosen before', terms: name ? [name] : [] }];
}

function unique<T extends { uuid: string }>(choices: T[]): T[] {
  return choices.filter((c, i) => choices.findIndex((d) => d.uuid === c.uuid) === i);
}

/**
 * What the form offers when Gusto cannot list the company's departments and locations: the
 * hire's recorded department and work location, by name, beside whatever the form already holds.
 */
export function recordedChoices(
  hire: Pick<Hire, 'department' | 'work_location'> | undefined,
  values?: FormValues,
): Choices {
  const department = hire?.department?.trim() ? [byName(hire.department)] : [];
  const location = hire?.work_location?.trim() ? [byName(hire.work_location)] : [];

  return {
    departments: unique([
      ...department.flatMap(keptDepartment),
      ...keptDepartment(values?.department_uuid ?? ''),
    ]),
    locations: unique([
      ...location.flatMap(keptLocation),
      ...keptLocation(values?.location_uuid ?? ''),
    ]),
  };
}

/**
 * The form with any department or location chosen by name matched against the company's live
 * lists: the match is pre-selected, and a name Gusto does not have is cleared for a new choice.
 */
export function resolveNames(values: FormValues, choices: Choices): FormValues {
  const department = nameIn(values.department_uuid);
  const location = nameIn(values.location_uuid);

  return {
    ...values,
    ...(department === null
      ? {}
      : { department_uuid: matchDepartment(department, choices.departments) }),
    ...(location === null ? {} : { location_uuid: matchLocation(location, choices.locations) }),
  };
}

/**
 * The review form pre-filled from the candidate and their hire record, with the department and
 * location pre-selected by matching the hire's text against the company's own in Gusto.
 */
export function reviewDefaults(candidate: Candidate, hire: Hire, choices: Choices): FormValues {
  const hourly = hire.pay_unit === 'Hour';

  return {
    ...blankValues(),
    worker_type: hire.worker_type,
    contractor_type: 'Individual',
    first_name: candidate.first_name,
    last_name: candidate.last_name,
    preferred_first_name: candidate.preferred_name ?? '',
    email: candidate.email ?? '',
    phone: candidate.phone ?? '',
    start_date: hire.start_date,
    job_title: hire.job_title,
    department_uuid: matchDepartment(hire.department, choices.departments),
    location_uuid: matchLocation(hire.work_location, choices.locations),
    rate: hire.pay_rate,
    payment_unit: hire.pay_unit,
    flsa_status: hourly ? 'Nonexempt' : 'Exempt',
    wage_type: hourly ? 'Hourly' : 'Fixed',
    hourly_rate: hourly ? hire.pay_rate : '',
  };
}
