import { describe, expect, it } from 'vitest';
import type { GustoContext } from './call-gusto.js';
import { addPeopleToDepartment, listDepartments } from './company.js';
import { createContractor, getContractor, listContractors } from './contractors.js';
import { GustoTimeoutError } from './errors.js';
import { jsonResponse, requestViolations, type Step, scriptedFetch } from './test-fetch.js';

const COMPANY = 'c0ffee00-0000-4000-8000-000000000001';
const CONTRACTOR = {
  uuid: 'k1',
  company_uuid: COMPANY,
  type: 'Individual',
  wage_type: 'Hourly',
  is_active: true,
  first_name: 'Grace',
  last_name: 'Hopper',
  hourly_rate: '80.00',
  start_date: '2026-07-01',
  onboarding_status: 'self_onboarding_invited',
};

function context(...steps: Step[]) {
  const scripted = scriptedFetch(...steps);
  const ctx: GustoContext = {
    baseUrl: 'http://127.0.0.1:9',
    access_token: 'test-access-token-0004',
    fetch: scripted.fetch,
  };

  return { ctx, scripted };
}

describe('contractors', () => {
  it('creates, finds and reads a contractor within the contract', async () => {
    const { ctx, scripted } = context(
      jsonResponse(201, CONTRACTOR),
      jsonResponse(200, [CONTRACTOR], { 'x-total-pages': '1' }),
      jsonResponse(200, CONTRACTOR),
    );
    const created = await createContractor(ctx, {
      company_uuid: COMPANY,
      type: 'Individual',
      wage_type: 'Hourly',
      hourly_rate: '80.00',
      start_date: '2026-07-01',
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@example.com',
      self_onboarding: true,
    });
    const found = await listContractors(ctx, { company_uuid: COMPANY, search_term: 'Hopper' });
    const read = await getContractor(ctx, { contractor_uuid: 'k1' });

    expect(created).toMatchObject({ uuid: 'k1', wage_type: 'Hourly', is_active: true });
    expect(found.map((c) => c.uuid)).toEqual(['k1']);
    expect(read.onboarding_status).toBe('self_onboarding_invited');
    expect(requestViolations(scripted)).toEqual([]);
  });

  it('sends a business with its name and EIN, and never retries after a timeout', async () => {
    let calls = 0;
    const ctx: GustoContext = {
      baseUrl: 'http://127.0.0.1:9',
      access_token: 'test-access-token-0004',
      timeoutMs: 30,
      fetch: () => {
        calls++;
        return new Promise<Response>(() => {});
      },
    };
    const business = {
      company_uuid: COMPANY,
      type: 'Business',
      wage_type: 'Fixed',
      start_date: '2026-07-01',
      business_name: 'Compilers LLC',
      ein: '123456789',
    } as const;

    await expect(createContractor(ctx, business)).rejects.toBeInstanceOf(GustoTimeoutError);
    expect(calls).toBe(1);
  });
});

describe('departments', () => {
  it('lists departments and adds a person with the version', async () => {
    const department = {
      uuid: 'd1',
      version: 'dv1',
      title: 'Engineering',
      employees: [],
      contractors: [],
    };
    const { ctx, scripted } = context(
      jsonResponse(200, [department]),
      jsonResponse(200, { ...department, version: 'dv2', employees: [{ uuid: 'e1' }] }),
    );
    const [found] = await listDepartments(ctx, { company_uuid: COMPANY });
    const updated = await addPeopleToDepartment(ctx, {
      department_uuid: found?.uuid ?? '',
      version: found?.version ?? '',
      employees: ['e1'],
    });

    expect(updated).toMatchObject({ version: 'dv2', employees: [{ uuid: 'e1' }] });
    expect(await scripted.requests[1]?.json()).toEqual({
      version: 'dv1',
      employees: [{ uuid: 'e1' }],
      contractors: [],
    });
    expect(requestViolations(scripted)).toEqual([]);
  });
});
