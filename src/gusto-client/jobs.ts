import { jobsAndCompensationsCreateCompensation } from '@gusto/embedded-api-v-2026-06-15/funcs/jobsAndCompensationsCreateCompensation.js';
import { jobsAndCompensationsCreateJob } from '@gusto/embedded-api-v-2026-06-15/funcs/jobsAndCompensationsCreateJob.js';
import { jobsAndCompensationsGetJob } from '@gusto/embedded-api-v-2026-06-15/funcs/jobsAndCompensationsGetJob.js';
import { jobsAndCompensationsUpdateCompensation } from '@gusto/embedded-api-v-2026-06-15/funcs/jobsAndCompensationsUpdateCompensation.js';
import { callGusto, type GustoContext } from './call-gusto.js';
import { required, toCompensation, toJob } from './from-sdk.js';
import type {
  Compensation,
  CreateCompensationInput,
  CreateJobInput,
  Job,
  UpdateCompensationInput,
} from './types.js';

/**
 * `POST /v1/employees/{employee_id}/jobs`. Gusto creates a first compensation with the job
 * (its uuid is `current_compensation_uuid`), so pay is then set with updateCompensation.
 * Never retried (a create).
 */
export function createJob(ctx: GustoContext, input: CreateJobInput): Promise<Job> {
  const op = { method: 'POST', path: '/v1/employees/{employee_id}/jobs', safe: false };

  return callGusto(
    ctx,
    op,
    (core) =>
      jobsAndCompensationsCreateJob(core, {
        employeeId: input.employee_id,
        jobsCreateRequestBody: { title: input.title, hireDate: input.hire_date },
      }),
    (v) => toJob(required(v.job, 'job')),
  );
}

/** `GET /v1/jobs/{job_id}`: the job with its current compensation uuid and version. */
export function getJob(ctx: GustoContext, input: { job_id: string }): Promise<Job> {
  const op = { method: 'GET', path: '/v1/jobs/{job_id}', safe: true };

  return callGusto(
    ctx,
    op,
    (core) => jobsAndCompensationsGetJob(core, { jobId: input.job_id }),
    (v) => toJob(required(v.job, 'job')),
  );
}

/** `POST /v1/jobs/{job_id}/compensations`: a further compensation. Never retried (a create). */
export function createCompensation(
  ctx: GustoContext,
  input: CreateCompensationInput,
): Promise<Compensation> {
  const op = { method: 'POST', path: '/v1/jobs/{job_id}/compensations', safe: false };
  const body = {
    rate: input.rate,
    paymentUnit: input.payment_unit,
    flsaStatus: input.flsa_status,
    effectiveDate: input.effective_date,
  };

  return callGusto(
    ctx,
    op,
    (core) =>
      jobsAndCompensationsCreateCompensation(core, {
        jobId: input.job_id,
        compensationsRequestBody: body,
      }),
    (v) => toCompensation(required(v.compensation, 'compensation')),
  );
}

/**
 * `PUT /v1/compensations/{compensation_id}`. Safe to retry: with `version`, a repeat after
 * success is refused with 409 rather than applied twice.
 */
export function updateCompensation(
  ctx: GustoContext,
  input: UpdateCompensationInput,
): Promise<Compensation> {
  const op = { method: 'PUT', path: '/v1/compensations/{compensation_id}', safe: true };
  const body = {
    version: input.version,
    rate: input.rate,
    paymentUnit: input.payment_unit,
    flsaStatus: input.flsa_status,
    effectiveDate: input.effective_date,
  };

  return callGusto(
    ctx,
    op,
    (core) =>
      jobsAndCompensationsUpdateCompensation(core, {
        compensationId: input.compensation_id,
        compensationsUpdateRequestBody: body,
      }),
    (v) => toCompensation(required(v.compensation, 'compensation')),
  );
}
