// The shapes this client hands out, in Gusto's own snake_case words. The SDK answers in
// camelCase and with more fields than the hand-off needs; mapping to these keeps callers
// independent of the SDK's naming and of its version.

/** The base URL and company access token every v1 call needs. */
export interface GustoCredentials {
  /** `https://api.gusto.com`, `https://api.gusto-demo.com` or the sandbox's origin. */
  baseUrl: string;
  access_token: string;
}

/** What `GET /v1/token_info` says about the token: chiefly which company it reaches. */
export interface TokenInfo {
  scope: string;
  /** `{ type: 'Company', uuid }` for a company token. */
  resource: { type: string; uuid: string } | null;
  resource_owner: { type: string; uuid: string } | null;
}

/** A company, as much as the hand-off uses. */
export interface Company {
  uuid: string;
  name: string | null;
  trade_name: string | null;
}

/** A company location (work address candidate). */
export interface Location {
  uuid: string;
  version: string | null;
  street_1: string | null;
  street_2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string;
  active: boolean | null;
}

/** A department with its members; `version` is needed to add people. */
export interface Department {
  uuid: string;
  version: string | null;
  title: string | null;
  employees: { uuid: string }[];
  contractors: { uuid: string }[];
}

/** A compensation of a job. */
export interface Compensation {
  uuid: string;
  version: string | null;
  job_uuid: string | null;
  rate: string | null;
  payment_unit: string | null;
  flsa_status: string | null;
  effective_date: string | null;
}

/** A job; `current_compensation_uuid` names the compensation Gusto made with it. */
export interface Job {
  uuid: string;
  version: string | null;
  employee_uuid: string | null;
  title: string | null;
  hire_date: string | null;
  current_compensation_uuid: string | null;
  compensations: Compensation[];
}

/** An employee. */
export interface Employee {
  uuid: string;
  company_uuid: string | null;
  version: string | null;
  first_name: string;
  middle_initial: string | null;
  last_name: string;
  preferred_first_name: string | null;
  email: string | null;
  work_email: string | null;
  date_of_birth: string | null;
  onboarded: boolean | null;
  onboarding_status: string | null;
  terminated: boolean | null;
  department_uuid: string | null;
  jobs: Job[];
}

/** An employee's work address: which company location they work at from when. */
export interface WorkAddress {
  uuid: string;
  version: string;
  employee_uuid: string | null;
  location_uuid: string | null;
  effective_date: string | null;
  active: boolean | null;
}

/** A contractor, individual or business. */
export interface Contractor {
  uuid: string;
  company_uuid: string | null;
  version: string | null;
  type: string | null;
  wage_type: string | null;
  first_name: string | null;
  last_name: string | null;
  middle_initial: string | null;
  business_name: string | null;
  email: string | null;
  work_email: string | null;
  start_date: string | null;
  hourly_rate: string | null;
  is_active: boolean;
  onboarded: boolean | null;
  onboarding_status: string | null;
  department_uuid: string | null;
}

/** Gusto's FLSA statuses. */
export type FlsaStatus =
  | 'Exempt'
  | 'Salaried Nonexempt'
  | 'Nonexempt'
  | 'Owner'
  | 'Commission Only Exempt'
  | 'Commission Only Nonexempt';

/** Units of a compensation rate. */
export type PaymentUnit = 'Hour' | 'Week' | 'Month' | 'Year' | 'Paycheck';

/** Input of `POST /v1/companies/{company_id}/employees`. No SSN: the employee enters it. */
export interface CreateEmployeeInput {
  company_id: string;
  first_name: string;
  middle_initial?: string;
  last_name: string;
  preferred_first_name?: string;
  /** Personal email; Gusto invites the employee there when self_onboarding is true. */
  email?: string;
  work_email?: string;
  /** `YYYY-MM-DD`. */
  date_of_birth?: string;
  self_onboarding?: boolean;
}

/** Input of the employee search. */
export interface ListEmployeesInput {
  company_id: string;
  /** Matches names (Gusto: "A string to search for in the object's names"). */
  search_term?: string;
  /** Page size; defaults to 100. */
  per?: number;
  /** Include terminated employees only (true) or exclude them (false); Gusto's default: all. */
  terminated?: boolean;
}

/** Input of `POST /v1/employees/{employee_id}/work_addresses`. */
export interface CreateWorkAddressInput {
  employee_id: string;
  location_uuid: string;
  /** `YYYY-MM-DD`; Gusto defaults to today. */
  effective_date?: string;
}

/** Input of `POST /v1/employees/{employee_id}/jobs`. */
export interface CreateJobInput {
  employee_id: string;
  title: string;
  /** `YYYY-MM-DD`: the start date. */
  hire_date: string;
}

/** Input of `POST /v1/jobs/{job_id}/compensations`. */
export interface CreateCompensationInput {
  job_id: string;
  /** Decimal text, e.g. `"78000.00"`. */
  rate: string;
  payment_unit: PaymentUnit;
  flsa_status: FlsaStatus;
  effective_date?: string;
}

/** Input of `PUT /v1/compensations/{compensation_id}`; `version` guards against lost updates. */
export interface UpdateCompensationInput {
  compensation_id: string;
  version: string;
  rate?: string;
  payment_unit?: PaymentUnit;
  flsa_status?: FlsaStatus;
  effective_date?: string;
}

/** Input of `PUT /v1/departments/{department_uuid}/add`. */
export interface AddPeopleToDepartmentInput {
  department_uuid: string;
  /** The department's current version, from listDepartments. */
  version: string;
  employees?: string[];
  contractors?: string[];
}

/** Input of `POST /v1/companies/{company_uuid}/contractors`. No SSN: the contractor enters it. */
export interface CreateContractorInput {
  company_uuid: string;
  type: 'Individual' | 'Business';
  wage_type: 'Fixed' | 'Hourly';
  /** `YYYY-MM-DD`. */
  start_date: string;
  hourly_rate?: string;
  self_onboarding?: boolean;
  email?: string;
  work_email?: string;
  first_name?: string;
  last_name?: string;
  middle_initial?: string;
  business_name?: string;
  ein?: string;
}

/** Input of the contractor search. */
export interface ListContractorsInput {
  company_uuid: string;
  search_term?: string;
  per?: number;
}
