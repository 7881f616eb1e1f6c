import { blankValues, type FormValues } from './handoff-form.js';

/** A complete employee review form, for tests; override any field. */
export function employeeValues(overrides: Partial<FormValues> = {}): FormValues {
  return {
    ...blankValues(),
    worker_type: 'employee',
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: 'ada.lovelace@example.test',
    start_date: '2027-01-05',
    job_title: 'Analyst',
    location_uuid: 'location-1',
    rate: '85000.00',
    payment_unit: 'Year',
    flsa_status: 'Exempt',
    ...overrides,
  };
}

/** A complete individual contractor review form, for tests; override any field. */
export function contractorValues(overrides: Partial<FormValues> = {}): FormValues {
  return {
    ...blankValues(),
    worker_type: 'contractor',
    contractor_type: 'Individual',
    first_name: 'Grace',
    last_name: 'Hopper',
    email: 'grace.hopper@example.test',
    start_date: '2027-02-01',
    wage_type: 'Hourly',
    hourly_rate: '65.00',
    ...overrides,
  };
}
