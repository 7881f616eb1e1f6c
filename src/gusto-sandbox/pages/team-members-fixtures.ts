import type { SandboxContractor, SandboxEmployee, SandboxStore } from '../state.js';
import { newUuid, newVersion } from '../state.js';

/**
 * People in onboarding, as the API would leave them after a hand-off, for page tests that must
 * not depend on the API's request handling.
 */
export function addOnboardingEmployee(
  store: SandboxStore,
  company_uuid: string,
  input: { first_name: string; last_name: string; hire_date: string },
): SandboxEmployee {
  const employee: SandboxEmployee = {
    uuid: newUuid(),
    company_uuid,
    version: newVersion(),
    first_name: input.first_name,
    middle_initial: null,
    last_name: input.last_name,
    preferred_first_name: null,
    email: `${newUuid()}@mail.test`,
    work_email: null,
    date_of_birth: null,
    phone: null,
    has_ssn: false,
    self_onboarding: true,
    onboarded: false,
    onboarding_status: 'self_onboarding_invited',
    terminated: false,
    department_uuid: null,
    payment_method: 'Check',
    created_at: store.nowIso(),
    created_by_grant: null,
  };
  store.data.employees[employee.uuid] = employee;
  addJob(store, employee.uuid, input.hire_date);

  return employee;
}

function addJob(store: SandboxStore, employee_uuid: string, hire_date: string): void {
  const uuid = newUuid();
  store.data.jobs[uuid] = {
    uuid,
    employee_uuid,
    version: newVersion(),
    title: 'Engineer',
    hire_date,
    location_uuid: null,
    primary: true,
    two_percent_shareholder: false,
    state_wc_covered: null,
    state_wc_class_code: null,
  };
}

/** A business contractor in onboarding, starting 2026-12-01. */
export function addOnboardingContractor(
  store: SandboxStore,
  company_uuid: string,
  business_name: string,
): SandboxContractor {
  const contractor: SandboxContractor = {
    uuid: newUuid(),
    company_uuid,
    version: newVersion(),
    type: 'Business',
    wage_type: 'Fixed',
    first_name: null,
    last_name: null,
    middle_initial: null,
    business_name,
    ein: null,
    email: null,
    start_date: '2026-12-01',
    hourly_rate: '0.00',
    self_onboarding: false,
    file_new_hire_report: false,
    work_state: null,
    is_active: true,
    onboarded: false,
    onboarding_status: 'admin_onboarding_incomplete',
    has_ssn: false,
    department_uuid: null,
    created_at: store.nowIso(),
    created_by_grant: null,
  };
  store.data.contractors[contractor.uuid] = contractor;

  return contractor;
}
