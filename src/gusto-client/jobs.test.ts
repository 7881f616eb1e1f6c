import { describe, expect, it } from 'vitest';
import type { GustoContext } from './call-gusto.js';
import { GustoConflictError, GustoServerError } from './errors.js';
import { createCompensation, createJob, getJob, updateCompensation } from './jobs.js';
import { jsonResponse, requestViolations, type Step, scriptedFetch } from './test-fetch.js';

const JOB = {
  uuid: 'j1',
  version: 'jv1',
  employee_uuid: 'e1',
  title: 'Engineer',
  hire_date: '2026-07-01',
  current_compensation_uuid: 'comp1',
  compensations: [
    {
      uuid: 'comp1',
      version: 'cv1',
      job_uuid: 'j1',
      rate: '0.00',
      payment_unit: 'Hour',
      flsa_status: 'Nonexempt',
    },
  ],
};
const COMPENSATION = { ...JOB.compensations[0], rate: '78000.00', payment_unit: 'Year' };

function context(...steps: Step[]) {
  const scripted = scriptedFetch(...steps);
  const ctx: GustoContext = {
    baseUrl: 'http://127.0.0.1:9',
    access_token: 'test-access-token-0003',
    fetch: scripted.fetch,
    retryPolicy: { maxRetries: 2, baseDelayMs: 1, maxRetryAfterSeconds: 5 },
  };

  return { ctx, scripted };
}

describe('jobs and compensations', () => {
  it('creates a job, reads its compensation and updates the pay within the contract', async () => {
    const { ctx, scripted } = context(
      jsonResponse(201, JOB),
      jsonResponse(200, JOB),
      jsonResponse(200, COMPENSATION),
    );
    const job = await createJob(ctx, {
      employee_id: 'e1',
      title: 'Engineer',
      hire_date: '2026-07-01',
    });
    const current = await getJob(ctx, { job_id: job.uuid });
    const compensation = await updateCompensation(ctx, {
      compensation_id: current.current_compensation_uuid ?? '',
      version: current.compensations[0]?.version ?? '',
      rate: '78000.00',
      payment_unit: 'Year',
      flsa_status: 'Exempt',
    });

    expect(job).toMatchObject({ uuid: 'j1', current_compensation_uuid: 'comp1' });
    expect(compensation).toMatchObject({ rate: '78000.00', payment_unit: 'Year' });
    expect(await scripted.requests[0]?.json()).toEqual({
      title: 'Engineer',
      hire_date: '2026-07-01',
    });
    expect(await scripted.requests[2]?.json()).toEqual({
      version: 'cv1',
      rate: '78000.00',
      payment_unit: 'Year',
      flsa_status: 'Exempt',
    });
    expect(requestViolations(scripted)).toEqual([]);
  });

  it('never retries createJob or createCompensation', async () => {
    const { ctx, scripted } = context(jsonResponse(503, ''), jsonResponse(503, ''));
    const job = { employee_id: 'e1', title: 'Engineer', hire_date: '2026-07-01' };
    const pay = {
      job_id: 'j1',
      rate: '20.00',
      payment_unit: 'Hour',
      flsa_status: 'Nonexempt',
    } as const;

    await expect(createJob(ctx, job)).rejects.toBeInstanceOf(GustoServerError);
    await expect(createCompensation(ctx, pay)).rejects.toBeInstanceOf(GustoServerError);
    expect(scripted.requests).toHaveLength(2);
    expect(requestViolations(scripted)).toEqual([]);
  });

  it('retries a versioned update after a 502; a stale version is a conflict', async () => {
    const stale = { errors: [{ error_key: 'version', category: 'invalid_resource_version' }] };
    const { ctx, scripted } = context(jsonResponse(502, ''), jsonResponse(409, stale));
    const update = { compensation_id: 'comp1', version: 'cv0', rate: '1.00' };

    await expect(updateCompensation(ctx, update)).rejects.toBeInstanceOf(GustoConflictError);
    expect(scripted.requests).toHaveLength(2);
  });
});
