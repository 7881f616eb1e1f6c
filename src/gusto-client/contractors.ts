import { contractorsCreate } from '@gusto/embedded-api-v-2026-06-15/funcs/contractorsCreate.js';
import { contractorsGet } from '@gusto/embedded-api-v-2026-06-15/funcs/contractorsGet.js';
import { contractorsList } from '@gusto/embedded-api-v-2026-06-15/funcs/contractorsList.js';
import { callGusto, type GustoContext } from './call-gusto.js';
import { required, toContractor } from './from-sdk.js';
import { collectPages, DEFAULT_PER_PAGE, totalPagesOf } from './pages.js';
import type { Contractor, CreateContractorInput, ListContractorsInput } from './types.js';

function contractorBody(input: CreateContractorInput) {
  return {
    type: input.type,
    wageType: input.wage_type,
    startDate: input.start_date,
    hourlyRate: input.hourly_rate,
    selfOnboarding: input.self_onboarding,
    email: input.email,
    workEmail: input.work_email,
    firstName: input.first_name,
    lastName: input.last_name,
    middleInitial: input.middle_initial,
    businessName: input.business_name,
    ein: input.ein,
  };
}

/**
 * `POST /v1/companies/{company_uuid}/contractors`. Never retried: after an unknown outcome the
 * caller looks the contractor up before creating again.
 */
export function createContractor(
  ctx: GustoContext,
  input: CreateContractorInput,
): Promise<Contractor> {
  const op = { method: 'POST', path: '/v1/companies/{company_uuid}/contractors', safe: false };

  return callGusto(
    ctx,
    op,
    (core) =>
      contractorsCreate(core, {
        companyUuid: input.company_uuid,
        contractorCreateRequestBody: contractorBody(input),
      }),
    (v) => toContractor(required(v.contractor, 'contractor')),
  );
}

/** `GET /v1/companies/{company_uuid}/contractors`, every page; `search_term` narrows by name. */
export function listContractors(
  ctx: GustoContext,
  input: ListContractorsInput,
): Promise<Contractor[]> {
  const op = { method: 'GET', path: '/v1/companies/{company_uuid}/contractors', safe: true };
  const per = input.per ?? DEFAULT_PER_PAGE;
  const query = { companyUuid: input.company_uuid, searchTerm: input.search_term, per };

  return collectPages(per, (page) =>
    callGusto(
      ctx,
      op,
      (core) => contractorsList(core, { ...query, page }),
      (v, res) => ({
        items: (v.contractors ?? []).map(toContractor),
        totalPages: totalPagesOf(res),
      }),
    ),
  );
}

/** `GET /v1/contractors/{contractor_uuid}`. */
export function getContractor(
  ctx: GustoContext,
  input: { contractor_uuid: string },
): Promise<Contractor> {
  const op = { method: 'GET', path: '/v1/contractors/{contractor_uuid}', safe: true };

  return callGusto(
    ctx,
    op,
    (core) => contractorsGet(core, { contractorUuid: input.contractor_uuid }),
    (v) => toContractor(required(v.contractor, 'contractor')),
  );
}
