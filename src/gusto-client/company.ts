import { companiesGet } from '@gusto/embedded-api-v-2026-06-15/funcs/companiesGet.js';
import { departmentsAddPeople } from '@gusto/embedded-api-v-2026-06-15/funcs/departmentsAddPeople.js';
import { departmentsGetAll } from '@gusto/embedded-api-v-2026-06-15/funcs/departmentsGetAll.js';
import { introspectionGetInfo } from '@gusto/embedded-api-v-2026-06-15/funcs/introspectionGetInfo.js';
import { locationsGet } from '@gusto/embedded-api-v-2026-06-15/funcs/locationsGet.js';
import { callGusto, type GustoContext } from './call-gusto.js';
import { required, toCompany, toDepartment, toLocation, toTokenInfo } from './from-sdk.js';
import { collectPages, DEFAULT_PER_PAGE, totalPagesOf } from './pages.js';
import type {
  AddPeopleToDepartmentInput,
  Company,
  Department,
  Location,
  TokenInfo,
} from './types.js';

/**
 * `GET /v1/token_info`: which company (resource) and admin the token belongs to.
 * @see https://docs.gusto.com/app-integrations/reference/get-v1-token-info
 */
export function getTokenInfo(ctx: GustoContext): Promise<TokenInfo> {
  const op = { method: 'GET', path: '/v1/token_info', safe: true };

  return callGusto(
    ctx,
    op,
    (core) => introspectionGetInfo(core, {}),
    (v) => toTokenInfo(required(v.tokenInfo, 'token info')),
  );
}

/** `GET /v1/companies/{company_id}`: the company's name. */
export function getCompany(ctx: GustoContext, input: { company_id: string }): Promise<Company> {
  const op = { method: 'GET', path: '/v1/companies/{company_id}', safe: true };

  return callGusto(
    ctx,
    op,
    (core) => companiesGet(core, { companyId: input.company_id }),
    (v) => toCompany(required(v.company, 'company')),
  );
}

/** `GET /v1/companies/{company_id}/locations`, every page. */
export function listLocations(
  ctx: GustoContext,
  input: { company_id: string },
): Promise<Location[]> {
  const op = { method: 'GET', path: '/v1/companies/{company_id}/locations', safe: true };
  const per = DEFAULT_PER_PAGE;

  return collectPages(per, (page) =>
    callGusto(
      ctx,
      op,
      (core) => locationsGet(core, { companyId: input.company_id, page, per }),
      (v, res) => ({
        items: (v.companyLocationsList ?? []).map(toLocation),
        totalPages: totalPagesOf(res),
      }),
    ),
  );
}

/** `GET /v1/companies/{company_uuid}/departments`. */
export function listDepartments(
  ctx: GustoContext,
  input: { company_uuid: string },
): Promise<Department[]> {
  const op = { method: 'GET', path: '/v1/companies/{company_uuid}/departments', safe: true };

  return callGusto(
    ctx,
    op,
    (core) => departmentsGetAll(core, { companyUuid: input.company_uuid }),
    (v) => (v.departmentList ?? []).map(toDepartment),
  );
}

/**
 * `PUT /v1/departments/{department_uuid}/add`. Safe to retry: it carries `version`, so a repeat
 * after success is refused with 409 instead of applied twice.
 */
export function addPeopleToDepartment(
  ctx: GustoContext,
  input: AddPeopleToDepartmentInput,
): Promise<Department> {
  const op = { method: 'PUT', path: '/v1/departments/{department_uuid}/add', safe: true };
  const body = {
    version: input.version,
    employees: (input.employees ?? []).map((uuid) => ({ uuid })),
    contractors: (input.contractors ?? []).map((uuid) => ({ uuid })),
  };

  return callGusto(
    ctx,
    op,
    (core) =>
      departmentsAddPeople(core, {
        departmentUuid: input.department_uuid,
        departmentPeopleRequestBody: body,
      }),
    (v) => toDepartment(required(v.department, 'department')),
  );
}
