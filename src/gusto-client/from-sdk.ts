import type { Company as SdkCompany } from '@gusto/embedded-api-v-2026-06-15/models/components/company.js';
import type { Compensation as SdkCompensation } from '@gusto/embedded-api-v-2026-06-15/models/components/compensation.js';
import type { Contractor as SdkContractor } from '@gusto/embedded-api-v-2026-06-15/models/components/contractor.js';
import type { Department as SdkDepartment } from '@gusto/embedded-api-v-2026-06-15/models/components/department.js';
import type { EmployeeWorkAddress } from '@gusto/embedded-api-v-2026-06-15/models/components/employeeworkaddress.js';
import type { Job as SdkJob } from '@gusto/embedded-api-v-2026-06-15/models/components/job.js';
import type { Location as SdkLocation } from '@gusto/embedded-api-v-2026-06-15/models/components/location.js';
import type { TokenInfo as SdkTokenInfo } from '@gusto/embedded-api-v-2026-06-15/models/components/tokeninfo.js';
import type {
  Company,
  Compensation,
  Contractor,
  Department,
  Employee,
  Job,
  Location,
  TokenInfo,
  WorkAddress,
} from './types.js';

/** A field the hand-off cannot do without was absent from a 2xx answer. */
export class MissingFieldError extends Error {
  constructor(readonly field: string) {
    super(`missing ${field}`);
    this.name = 'MissingFieldError';
  }
}

/** Returns the value, or throws MissingFieldError naming the field. */
export function required<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined) throw new MissingFieldError(field);

  return value;
}

function orNull<T>(value: T | null | undefined): T | null {
  return value ?? null;
}

function typedUuid(v: { type?: string | undefined; uuid?: string | undefined } | null | undefined) {
  if (!v?.type || !v.uuid) return null;

  return { type: v.type, uuid: v.uuid };
}

/** Maps the SDK's token info. */
export function toTokenInfo(t: SdkTokenInfo): TokenInfo {
  return {
    scope: t.scope ?? '',
    resource: typedUuid(t.resource),
    resource_owner: typedUuid(t.resourceOwner),
  };
}

/** Maps the SDK's company. */
export function toCompany(c: SdkCompany): Company {
  return { uuid: c.uuid, name: orNull(c.name), trade_name: orNull(c.tradeName) };
}

/** Maps the SDK's location. */
export function toLocation(l: SdkLocation): Location {
  return {
    uuid: l.uuid,
    version: orNull(l.version),
    street_1: orNull(l.street1),
    street_2: orNull(l.street2),
    city: orNull(l.city),
    state: orNull(l.state),
    zip: orNull(l.zip),
    country: l.country,
    active: orNull(l.active),
  };
}

function uuids(list: { uuid?: string | undefined }[] | undefined): { uuid: string }[] {
  return (list ?? []).flatMap((p) => (p.uuid ? [{ uuid: p.uuid }] : []));
}

/** Maps the SDK's department. */
export function toDepartment(d: SdkDepartment): Department {
  return {
    uuid: required(d.uuid, 'department.uuid'),
    version: orNull(d.version),
    title: orNull(d.title),
    employees: uuids(d.employees),
    contractors: uuids(d.contractors),
  };
}

/** Maps the SDK's compensation. */
export function toCompensation(c: SdkCompensation): Compensation {
  return {
    uuid: c.uuid,
    version: orNull(c.version),
    job_uuid: orNull(c.jobUuid),
    rate: orNull(c.rate),
    payment_unit: orNull(c.paymentUnit),
    flsa_status: orNull(c.flsaStatus),
    effective_date: orNull(c.effectiveDate),
  };
}

/** Maps the SDK's job. */
export function toJob(j: SdkJob): Job {
  return {
    uuid: j.uuid,
    version: orNull(j.version),
    employee_uuid: orNull(j.employeeUuid),
    title: j.title,
    hire_date: orNull(j.hireDate),
    current_compensation_uuid: orNull(j.currentCompensationUuid),
    compensations: (j.compensations ?? []).map(toCompensation),
  };
}

/** The employee fields shared by the SDK's single-employee and list shapes. */
export interface SdkEmployeeLike {
  uuid: string;
  companyUuid?: string | undefined;
  version?: string | undefined;
  firstName: string;
  middleInitial?: string | null | undefined;
  lastName: string;
  preferredFirstName?: string | null | undefined;
  email?: string | null | undefined;
  workEmail?: string | null | undefined;
  dateOfBirth?: string | null | undefined;
  onboarded?: boolean | undefined;
  onboardingStatus?: string | null | undefined;
  terminated?: boolean | undefined;
  departmentUuid?: string | null | undefined;
  jobs?: SdkJob[] | undefined;
}

/** Maps the SDK's employee (either shape). */
export function toEmployee(e: SdkEmployeeLike): Employee {
  return {
    uuid: e.uuid,
    company_uuid: orNull(e.companyUuid),
    version: orNull(e.version),
    first_name: e.firstName,
    middle_initial: orNull(e.middleInitial),
    last_name: e.lastName,
    preferred_first_name: orNull(e.preferredFirstName),
    email: orNull(e.email),
    work_email: orNull(e.workEmail),
    date_of_birth: orNull(e.dateOfBirth),
    onboarded: orNull(e.onboarded),
    onboarding_status: orNull(e.onboardingStatus),
    terminated: orNull(e.terminated),
    department_uuid: orNull(e.departmentUuid),
    jobs: (e.jobs ?? []).map(toJob),
  };
}

/** Maps the SDK's employee work address. */
export function toWorkAddress(w: EmployeeWorkAddress): WorkAddress {
  return {
    uuid: w.uuid,
    version: w.version,
    employee_uuid: orNull(w.employeeUuid),
    location_uuid: orNull(w.locationUuid),
    effective_date: orNull(w.effectiveDate),
    active: orNull(w.active),
  };
}

/** Maps the SDK's contractor. */
export function toContractor(c: SdkContractor): Contractor {
  return {
    uuid: c.uuid,
    company_uuid: orNull(c.companyUuid),
    version: orNull(c.version),
    type: orNull(c.type),
    wage_type: orNull(c.wageType),
    first_name: orNull(c.firstName),
    last_name: orNull(c.lastName),
    middle_initial: orNull(c.middleInitial),
    business_name: orNull(c.businessName),
    email: orNull(c.email),
    work_email: orNull(c.workEmail),
    start_date: orNull(c.startDate),
    hourly_rate: orNull(c.hourlyRate),
    is_active: c.isActive,
    onboarded: orNull(c.onboarded),
    onboarding_status: orNull(c.onboardingStatus),
    department_uuid: orNull(c.departmentUuid),
  };
}
