import { listContractors } from '../gusto-client/contractors.js';
import { listEmployees } from '../gusto-client/employees.js';
import type { Contractor, Employee } from '../gusto-client/types.js';
import type { ContractorForm, EmployeeForm } from './handoff-form.js';
import type { StepContext } from './step-context.js';

/**
 * The lookups that keep a hand-off from creating a person twice. Gusto has no idempotency key,
 * so after a create whose outcome is unknown (timeout, dropped connection, 5xx, a worker that
 * died mid-call) the next attempt searches for the person first and adopts the one it made.
 * @see https://docs.gusto.com/app-integrations/docs/idempotency
 *
 * "Made by this hand-off" is judged without a creation time, which Gusto's Employee and
 * Contractor schemas do not expose: the match must have the form's personal email (or, without
 * one, the same legal names with the same date of birth or start date) and must not be
 * onboarded yet, which a person created moments ago cannot be.
 */

function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && b != null && a.trim().toLowerCase() === b.trim().toLowerCase();
}

function sameNames(
  person: { first_name: string | null; last_name: string | null },
  form: { first_name: string; last_name: string },
): boolean {
  return person.first_name === form.first_name && person.last_name === form.last_name;
}

/** Whether a listed employee is the one this hand-off's create made. */
export function isOurEmployee(employee: Employee, form: EmployeeForm): boolean {
  if (employee.onboarded === true || employee.terminated === true) return false;
  if (form.email !== null) return sameText(employee.email, form.email);

  return (
    form.date_of_birth !== null &&
    sameNames(employee, form) &&
    employee.date_of_birth === form.date_of_birth
  );
}

/** Whether a listed contractor is the one this hand-off's create made. */
export function isOurContractor(contractor: Contractor, form: ContractorForm): boolean {
  if (contractor.onboarded === true || !contractor.is_active) return false;
  if (form.email !== null) return sameText(contractor.email, form.email);
  if (contractor.start_date !== form.start_date) return false;
  if (form.contractor_type === 'Business') {
    return contractor.business_name === form.business_name;
  }

  return sameNames(contractor, form);
}

/** Finds the employee an unknown create made, by name search then exact identity; or null. */
export async function findCreatedEmployee(
  ctx: StepContext,
  form: EmployeeForm,
): Promise<string | null> {
  const found = await ctx.call(() =>
    listEmployees(ctx.gusto, {
      company_id: ctx.company_uuid,
      // Gusto's search_term matches names; the last name alone also finds "first last" matches.
      search_term: form.last_name,
    }),
  );

  return found.find((e) => isOurEmployee(e, form))?.uuid ?? null;
}

/** Finds the contractor an unknown create made; or null. */
export async function findCreatedContractor(
  ctx: StepContext,
  form: ContractorForm,
): Promise<string | null> {
  const term = form.contractor_type === 'Business' ? form.business_name : form.last_name;
  const found = await ctx.call(() =>
    listContractors(ctx.gusto, {
      company_uuid: ctx.company_uuid,
      ...(term ? { search_term: term } : {}),
    }),
  );

  return found.find((c) => isOurContractor(c, form))?.uuid ?? null;
}
