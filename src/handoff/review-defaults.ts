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
