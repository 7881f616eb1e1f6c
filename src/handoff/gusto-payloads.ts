import type { ContractorForm, EmployeeForm } from './handoff-form.js';

/**
 * The mapping from a checked review form to Gusto's request bodies. Each builder sends only the
 * fields Gusto's App Integrations request schemas declare, with names and dates exactly as
 * stored (no trimming, no `Date` round trip).
 */

/** Adds `key: value` only when the value is present, so absent fields are omitted, not null. */
function present<K extends string>(key: K, value: string | null): Partial<Record<K, string>> {
  return value === null ? {} : ({ [key]: value } as Record<K, string>);
}

/**
 * Body of `POST /v1/companies/{company_id}/employees`. No `ssn`: the new hire enters it in
 * self-onboarding.
 * @see https://docs.gusto.com/app-integrations/reference/post-v1-employees
 */
export function createEmployeeBody(form: EmployeeForm) {
  return {
    first_name: form.first_name,
    last_name: form.last_name,
    ...present('middle_initial', form.middle_initial),
    ...present('preferred_first_name', form.preferred_first_name),
    ...present('email', form.email),
    ...present('work_email', form.work_email),
    ...present('date_of_birth', form.date_of_birth),
    self_onboarding: form.self_onboarding,
  };
}

/**
 * Body of `POST /v1/companies/{company_uuid}/contractors`: names for an individual, business
 * name and EIN for a business; `hourly_rate` only for Hourly.
 * @see https://docs.gusto.com/app-integrations/reference/post-v1-companies-company_uuid-contractors
 */
export function createContractorBody(form: ContractorForm) {
  const who =
    form.contractor_type === 'Business'
      ? { ...present('business_name', form.business_name), ...present('ein', form.ein) }
      : {
          first_name: form.first_name,
          last_name: form.last_name,
          ...present('middle_initial', form.middle_initial),
        };

  return {
    type: form.contractor_type,
    wage_type: form.wage_type,
    start_date: form.start_date,
    ...(form.wage_type === 'Hourly' ? present('hourly_rate', form.hourly_rate) : {}),
    ...present('email', form.email),
    self_onboarding: form.self_onboarding,
    ...who,
  };
}

/**
 * Body of `POST /v1/employees/{employee_id}/jobs`: the title and the start date as hire date.
 * @see https://docs.gusto.com/app-integrations/v2024-04-01/reference/post-v1-employees-employee_id-jobs
 */
export function createJobBody(form: EmployeeForm) {
  return { title: form.job_title, hire_date: form.start_date };
}

/**
 * The offered pay, for `PUT /v1/compensations/{id}` (with the current `version`) or
 * `POST /v1/jobs/{job_id}/compensations`.
 * @see https://docs.gusto.com/app-integrations/reference/put-v1-compensations-compensation_id
 */
export function compensationFields(form: EmployeeForm) {
  return {
    rate: form.rate,
    payment_unit: form.payment_unit,
    flsa_status: form.flsa_status,
    effective_date: form.start_date,
  };
}

/**
 * Body of `POST /v1/employees/{employee_id}/work_addresses`: the chosen company location from the
 * start date.
 * @see https://docs.gusto.com/app-integrations/reference/post-v1-employees-employee_id-work_addresses
 */
export function createWorkAddressBody(form: EmployeeForm, location_uuid: string) {
  return { location_uuid, effective_date: form.start_date };
}
