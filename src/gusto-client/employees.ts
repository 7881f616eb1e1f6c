import { employeeAddressesCreateWorkAddress } from '@gusto/embedded-api-v-2026-06-15/funcs/employeeAddressesCreateWorkAddress.js';
import { employeesCreate } from '@gusto/embedded-api-v-2026-06-15/funcs/employeesCreate.js';
import { employeesGet } from '@gusto/embedded-api-v-2026-06-15/funcs/employeesGet.js';
import { employeesList } from '@gusto/embedded-api-v-2026-06-15/funcs/employeesList.js';
import { RFCDate } from '@gusto/embedded-api-v-2026-06-15/types/rfcdate.js';
import { callGusto, type GustoContext } from './call-gusto.js';
import { required, toEmployee, toWorkAddress } from './from-sdk.js';
import { collectPages, DEFAULT_PER_PAGE, totalPagesOf } from './pages.js';
import type {
  CreateEmployeeInput,
  CreateWorkAddressInput,
  Employee,
  ListEmployeesInput,
  WorkAddress,
} from './types.js';

/** A `YYYY-MM-DD` text as the SDK's date; throws RangeError (→ invalid input) when malformed. */
function rfcDate(date: string | undefined): RFCDate | undefined {
  return date === undefined ? undefined : new RFCDate(date);
}

function employeeBody(input: CreateEmployeeInput) {
  return {
    firstName: input.first_name,
    middleInitial: input.middle_initial,
    lastName: input.last_name,
    preferredFirstName: input.preferred_first_name,
    email: input.email,
    workEmail: input.work_email,
    dateOfBirth: rfcDate(input.date_of_birth),
    selfOnboarding: input.self_onboarding,
  };
}

/**
 * `POST /v1/companies/{company_id}/employees`. Never retried: Gusto has no idempotency key, so
 * after an unknown outcome the caller must look the person up before creating again.
 */
export function createEmployee(ctx: GustoContext, input: CreateEmployeeInput): Promise<Employee> {
  const op = { method: 'POST', path: '/v1/companies/{company_id}/employees', safe: false };

  return callGusto(
    ctx,
    op,
    (core) =>
      employeesCreate(core, { companyId: input.company_id, requestBody: employeeBody(input) }),
    (v) => toEmployee(required(v.employee, 'employee')),
  );
}

/**
 * `GET /v1/companies/{company_id}/employees`, every page (following `X-Total-Pages`);
 * `search_term` narrows by name.
 */
export function listEmployees(ctx: GustoContext, input: ListEmployeesInput): Promise<Employee[]> {
  const op = { method: 'GET', path: '/v1/companies/{company_id}/employees', safe: true };
  const per = input.per ?? DEFAULT_PER_PAGE;
  const query = {
    companyId: input.company_id,
    searchTerm: input.search_term,
    terminated: input.terminated,
    per,
  };

  return collectPages(per, (page) =>
    callGusto(
      ctx,
      op,
      (core) => employeesList(core, { ...query, page }),
      (v, res) => ({
        items: (v.showEmployees ?? []).map(toEmployee),
        totalPages: totalPagesOf(res),
      }),
    ),
  );
}

/** `GET /v1/employees/{employee_id}`. */
export function getEmployee(ctx: GustoContext, input: { employee_id: string }): Promise<Employee> {
  const op = { method: 'GET', path: '/v1/employees/{employee_id}', safe: true };

  return callGusto(
    ctx,
    op,
    (core) => employeesGet(core, { employeeId: input.employee_id }),
    (v) => toEmployee(required(v.employee, 'employee')),
  );
}

/** `POST /v1/employees/{employee_id}/work_addresses`. Never retried (a create). */
export function createWorkAddress(
  ctx: GustoContext,
  input: CreateWorkAddressInput,
): Promise<WorkAddress> {
  const op = { method: 'POST', path: '/v1/employees/{employee_id}/work_addresses', safe: false };

  return callGusto(
    ctx,
    op,
    (core) =>
      employeeAddressesCreateWorkAddress(core, {
        employeeId: input.employee_id,
        requestBody: {
          locationUuid: input.location_uuid,
          effectiveDate: rfcDate(input.effective_date),
        },
      }),
    (v) => toWorkAddress(required(v.employeeWorkAddress, 'work address')),
  );
}
