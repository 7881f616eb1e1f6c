import { createHash } from 'node:crypto';
import type {
  SandboxCompany,
  SandboxCompensation,
  SandboxContractor,
  SandboxDepartment,
  SandboxEmployee,
  SandboxHomeAddress,
  SandboxJob,
  SandboxLocation,
  SandboxStore,
  SandboxWorkAddress,
} from '../state.js';
import type { ApiVersion } from './env.js';
import { departmentTitle } from './people.js';

/*
 * Views turn stored resources into the response schemas of Gusto's App Integrations document
 * (2025-06-15; jobs as in 2024-04-01). Fields the sandbox does not model are left out rather
 * than invented, except where a schema or Gusto's SDK requires them.
 */

type Json = Record<string, unknown>;

/** `Company` (`GET /v1/companies/{company_id}`). */
export function companyView(store: SandboxStore, company: SandboxCompany): Json {
  const locations = Object.values(store.data.locations).filter(
    (l) => l.company_uuid === company.uuid,
  );

  return {
    uuid: company.uuid,
    name: company.name,
    trade_name: company.trade_name,
    ein: company.ein,
    entity_type: company.entity_type,
    contractor_only: false,
    tier: company.tier,
    is_suspended: company.is_suspended,
    company_status: company.company_status,
    is_partner_managed: false,
    locations: locations.map(companyAddressView),
    compensations: { hourly: [], fixed: [], paid_time_off: [] },
    primary_signatory: null,
    primary_payroll_admin: company.primary_payroll_admin,
  };
}

function companyAddressView(location: SandboxLocation): Json {
  const { street_1, street_2, city, state, zip, country, active } = location;

  return { street_1, street_2, city, state, zip, country, active, inactive: !active };
}

/** `Location`. */
export function locationView(location: SandboxLocation): Json {
  return { ...location, inactive: !location.active };
}

/** `Department`, with its members derived from people's `department_uuid`. */
export function departmentView(store: SandboxStore, department: SandboxDepartment): Json {
  const inDepartment = (p: { department_uuid: string | null }) =>
    p.department_uuid === department.uuid;

  return {
    uuid: department.uuid,
    company_uuid: department.company_uuid,
    title: department.title,
    version: department.version,
    employees: Object.values(store.data.employees)
      .filter(inDepartment)
      .map((e) => ({ uuid: e.uuid })),
    contractors: Object.values(store.data.contractors)
      .filter(inDepartment)
      .map((p) => ({ uuid: p.uuid })),
  };
}

/** `Employee`, with its jobs (and their compensations) embedded as Gusto does. */
export function employeeView(
  store: SandboxStore,
  employee: SandboxEmployee,
  version: ApiVersion,
): Json {
  const jobs = jobsOf(store, employee.uuid);
  const primary = jobs.find((j) => j.primary) ?? jobs[0];
  const current = primary ? currentCompensation(store, primary.uuid) : undefined;

  return {
    uuid: employee.uuid,
    first_name: employee.first_name,
    middle_initial: employee.middle_initial,
    last_name: employee.last_name,
    email: employee.email,
    company_uuid: employee.company_uuid,
    manager_uuid: null,
    version: employee.version,
    department: departmentTitle(store, employee.department_uuid),
    terminated: employee.terminated,
    two_percent_shareholder: employee.two_percent_shareholder ?? null,
    work_email: employee.work_email,
    onboarded: employee.onboarded,
    onboarding_status: employee.onboarding_status,
    jobs: jobs.map((j) => jobView(store, j, version)),
    eligible_paid_time_off: [],
    terminations: [],
    garnishments: [],
    date_of_birth: employee.date_of_birth,
    has_ssn: employee.has_ssn,
    phone: employee.phone,
    preferred_first_name: employee.preferred_first_name,
    payment_method: employee.payment_method,
    current_employment_status: null,
    department_uuid: employee.department_uuid,
    ...(primary ? { title: primary.title, hired_at: primary.hire_date } : {}),
    ...(current ? { flsa_status: current.flsa_status } : {}),
  };
}

/** The jobs of an employee, oldest first. */
export function jobsOf(store: SandboxStore, employee_uuid: string): SandboxJob[] {
  return Object.values(store.data.jobs).filter((j) => j.employee_uuid === employee_uuid);
}

/** The compensations of a job, by effective date. */
export function compensationsOf(store: SandboxStore, job_uuid: string): SandboxCompensation[] {
  return Object.values(store.data.compensations)
    .filter((c) => c.job_uuid === job_uuid)
    .sort((a, b) => a.effective_date.localeCompare(b.effective_date));
}

/**
 * The compensation in effect today: the latest one effective on or before today, else the
 * earliest (a job whose pay starts in the future).
 */
export function currentCompensation(
  store: SandboxStore,
  job_uuid: string,
): SandboxCompensation | undefined {
  const all = compensationsOf(store, job_uuid);
  const started = all.filter((c) => c.effective_date <= store.today());

  return started.at(-1) ?? all[0];
}

/**
 * `Job`, shaped as the 2024-04-01 document (the surface that has `POST /v1/employees/{id}/jobs`)
 * plus the later documents' `location_uuid` when the job has a work location.
 */
export function jobView(store: SandboxStore, job: SandboxJob, _version: ApiVersion): Json {
  const current = currentCompensation(store, job.uuid);

  return {
    uuid: job.uuid,
    version: job.version,
    employee_uuid: job.employee_uuid,
    hire_date: job.hire_date,
    title: job.title,
    primary: job.primary,
    rate: current?.rate ?? '0.00',
    payment_unit: current?.payment_unit ?? null,
    ...(current ? { current_compensation_uuid: current.uuid } : {}),
    two_percent_shareholder: job.two_percent_shareholder,
    state_wc_covered: job.state_wc_covered,
    state_wc_class_code: job.state_wc_class_code,
    compensations: compensationsOf(store, job.uuid).map((c) => compensationView(store, c)),
    ...(job.location_uuid ? { location_uuid: job.location_uuid } : {}),
  };
}

/** `Compensation`. */
export function compensationView(store: SandboxStore, compensation: SandboxCompensation): Json {
  const job = store.data.jobs[compensation.job_uuid];

  return {
    uuid: compensation.uuid,
    version: compensation.version,
    job_uuid: compensation.job_uuid,
    employee_uuid: job?.employee_uuid ?? null,
    rate: compensation.rate,
    payment_unit: compensation.payment_unit,
    flsa_status: compensation.flsa_status,
    title: compensation.title ?? job?.title ?? '',
    effective_date: compensation.effective_date,
    adjust_for_minimum_wage: compensation.adjust_for_minimum_wage,
    minimum_wages: [],
  };
}

/** `Contractor`. The EIN is masked to its last four digits, as Gusto's example shows. */
export function contractorView(store: SandboxStore, contractor: SandboxContractor): Json {
  const department = departmentTitle(store, contractor.department_uuid);
  const { ein, self_onboarding: _s, created_at: _c, created_by_grant: _g, ...fields } = contractor;

  return {
    ...fields,
    ein: ein ? `XX-XXX${ein.replace(/\D/g, '').slice(-4)}` : null,
    has_ein: ein !== null,
    address: null,
    payment_method: null,
    department,
    department_title: department,
    dismissal_date: null,
    upcoming_employment: null,
    dismissal_cancellation_eligible: false,
    rehire_cancellation_eligible: false,
    member_portal_invitation_status: null,
    partner_portal_invitation_sent: null,
  };
}

/** `Employee-Address` (home address); `active` is the latest one already in effect. */
export function homeAddressView(store: SandboxStore, address: SandboxHomeAddress): Json {
  return { ...address, active: isActiveAddress(store, address, store.data.home_addresses) };
}

/** `Employee-Work-Address`, with the street fields of its location. */
export function workAddressView(store: SandboxStore, address: SandboxWorkAddress): Json {
  const location = store.data.locations[address.location_uuid];

  return {
    uuid: address.uuid,
    version: address.version,
    employee_uuid: address.employee_uuid,
    location_uuid: address.location_uuid,
    effective_date: address.effective_date,
    active: isActiveAddress(store, address, store.data.work_addresses),
    street_1: location?.street_1 ?? '',
    street_2: location?.street_2 ?? null,
    city: location?.city ?? '',
    state: location?.state ?? '',
    zip: location?.zip ?? '',
    country: location?.country ?? 'USA',
  };
}

interface DatedAddress {
  uuid: string;
  employee_uuid: string;
  effective_date: string;
}

function isActiveAddress(
  store: SandboxStore,
  address: DatedAddress,
  all: Record<string, DatedAddress>,
): boolean {
  const inEffect = Object.values(all)
    .filter((a) => a.employee_uuid === address.employee_uuid)
    .filter((a) => a.effective_date <= store.today())
    .sort((a, b) => a.effective_date.localeCompare(b.effective_date));

  return inEffect.at(-1)?.uuid === address.uuid;
}

/** A stable uuid standing for an OAuth application in `token_info` (its client_id is not one). */
export function applicationUuid(client_id: string): string {
  const hex = createHash('sha256').update(`application:${client_id}`).digest('hex');

  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
