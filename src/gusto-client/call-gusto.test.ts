import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { GustoContext } from './call-gusto.js';
import {
  addPeopleToDepartment,
  getCompany,
  getTokenInfo,
  listDepartments,
  listLocations,
} from './company.js';
import { createContractor, getContractor, listContractors } from './contractors.js';
import { createEmployee, createWorkAddress, getEmployee, listEmployees } from './employees.js';
import { GustoTimeoutError } from './errors.js';
import { createCompensation, createJob, getJob, updateCompensation } from './jobs.js';
import { answersOnlyAbort } from './test-fetch.js';

const C = 'c0ffee00-0000-4000-8000-000000000001';
const PAY = { rate: '80000.00', payment_unit: 'Year', flsa_status: 'Exempt' } as const;
const NEW_CONTRACTOR = {
  company_uuid: C,
  type: 'Individual',
  wage_type: 'Hourly',
  start_date: '2026-07-01',
  hourly_rate: '40.00',
  first_name: 'Ada',
  last_name: 'Lovelace',
} as const;

const calls: [string, (ctx: GustoContext) => Promise<unknown>][] = [
  ['getTokenInfo', (ctx) => getTokenInfo(ctx)],
  ['getCompany', (ctx) => getCompany(ctx, { company_id: C })],
  ['listLocations', (ctx) => listLocations(ctx, { company_id: C })],
  ['listDepartments', (ctx) => listDepartments(ctx, { company_uuid: C })],
  [
    'addPeopleToDepartment',
    (ctx) => addPeopleToDepartment(ctx, { department_uuid: 'd1', version: 'v', employees: ['e1'] }),
  ],
  ['createContractor', (ctx) => createContractor(ctx, NEW_CONTRACTOR)],
  ['getContractor', (ctx) => getContractor(ctx, { contractor_uuid: 'k1' })],
  ['listContractors', (ctx) => listContractors(ctx, { company_uuid: C })],
  [
    'createEmployee',
    (ctx) => createEmployee(ctx, { company_id: C, first_name: 'Ada', last_name: 'Lovelace' }),
  ],
  [
    'createWorkAddress',
    (ctx) => createWorkAddress(ctx, { employee_id: 'e1', location_uuid: 'l1' }),
  ],
  ['getEmployee', (ctx) => getEmployee(ctx, { employee_id: 'e1' })],
  ['listEmployees', (ctx) => listEmployees(ctx, { company_id: C })],
  [
    'createJob',
    (ctx) => createJob(ctx, { employee_id: 'e1', title: 'A', hire_date: '2026-07-01' }),
  ],
  ['getJob', (ctx) => getJob(ctx, { job_id: 'j1' })],
  ['createCompensation', (ctx) => createCompensation(ctx, { job_id: 'j1', ...PAY })],
  [
    'updateCompensation',
    (ctx) => updateCompensation(ctx, { compensation_id: 'p1', version: 'v', ...PAY }),
  ],
];

// A full garbage collection on demand, as one can come at any moment of a real request.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

describe('the time limit of every call', () => {
  // A call that did not hand the limit's signal on to the request its fetch sends would still
  // time out, but leave that request open. The collection while the request is out is what
  // tells a signal held only weakly (the SDK's clone of a request) from one the request holds.
  it.each(calls)('%s aborts its request when the limit passes', async (_name, call) => {
    const sent: Request[] = [];
    const awaitAbort = answersOnlyAbort(sent);
    const ctx: GustoContext = {
      baseUrl: 'http://127.0.0.1:9',
      access_token: 'test-access-token-0003',
      timeoutMs: 20,
      fetch: (request) => {
        // In a later turn: a WeakRef made in this one keeps its target until the turn ends.
        setTimeout(collectGarbage, 1);
        return awaitAbort(request);
      },
      retryPolicy: { maxRetries: 0, baseDelayMs: 1, maxRetryAfterSeconds: 5 },
    };
    const error = await call(ctx).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(GustoTimeoutError);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.signal.aborted).toBe(true);
  });
});
