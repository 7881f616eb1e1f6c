import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import type { SandboxCompensation, SandboxJob } from '../state.js';
import { newUuid, newVersion } from '../state.js';
import { apiVersionOf, ownedResource, requireScope } from './access.js';
import { readBody } from './body.js';
import { employeeFor, requireCurrentVersion } from './employees.js';
import type { ApiEnv } from './env.js';
import { attributeError, unprocessableError } from './errors.js';
import {
  dateText,
  enumText,
  flag,
  formatMoney,
  moneyText,
  optionalText,
  requiredText,
  versionText,
} from './fields.js';
import { paginate } from './pagination.js';
import { compensationsOf, compensationView, jobsOf, jobView } from './views.js';

/** Compensation `payment_unit` values (spec `Compensation`). */
const PAYMENT_UNITS = ['Hour', 'Week', 'Month', 'Year', 'Paycheck'] as const;

/** `Flsa-Status-Type`. */
const FLSA_STATUSES = [
  'Exempt',
  'Salaried Nonexempt',
  'Nonexempt',
  'Owner',
  'Commission Only Exempt',
  'Commission Only Nonexempt',
] as const;

const jobFields = {
  two_percent_shareholder: flag('Two percent shareholder').optional(),
  state_wc_covered: flag('State wc covered').nullable().optional(),
  state_wc_class_code: z
    .string({ error: 'State wc class code must be a string' })
    .nullable()
    .optional(),
  location_uuid: optionalText('Location'),
};

/** `POST /v1/employees/{employee_id}/jobs` (2024-04-01): `required: [title, hire_date]`. */
const createJobBody = z.object({
  title: requiredText('Title'),
  hire_date: dateText('Hire date'),
  ...jobFields,
});

/** `PUT /v1/jobs/{job_id}`: `version` plus the job's fields. */
const updateJobBody = z.object({
  version: versionText().optional(),
  title: requiredText('Title').optional(),
  hire_date: dateText('Hire date').optional(),
  ...jobFields,
});

const compensationFields = {
  effective_date: dateText('Effective date').optional(),
  title: optionalText('Title'),
  adjust_for_minimum_wage: flag('Adjust for minimum wage').optional(),
  minimum_wages: z.array(z.object({ uuid: z.string() })).optional(),
};

/** `Compensations-Request-Body`: `required: [rate, payment_unit, flsa_status]`. */
const createCompensationBody = z.object({
  rate: moneyText('Rate'),
  payment_unit: enumText('Payment unit', PAYMENT_UNITS),
  flsa_status: enumText('Flsa status', FLSA_STATUSES),
  ...compensationFields,
});

/** `Compensations-Update-Request-Body`: `version` plus any compensation field. */
const updateCompensationBody = z.object({
  version: versionText().optional(),
  rate: moneyText('Rate').optional(),
  payment_unit: enumText('Payment unit', PAYMENT_UNITS).optional(),
  flsa_status: enumText('Flsa status', FLSA_STATUSES).optional(),
  ...compensationFields,
});

/** Jobs (2024-04-01 surface) and their compensations. */
export function jobRoutes(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post('/v1/employees/:employee_id/jobs', (c) => createJob(ctx, c));
  app.get('/v1/employees/:employee_id/jobs', (c) => listJobs(ctx, c));
  app.get('/v1/jobs/:job_id', (c) => getJob(ctx, c));
  app.put('/v1/jobs/:job_id', (c) => updateJob(ctx, c));
  app.get('/v1/jobs/:job_id/compensations', (c) => listCompensations(ctx, c));
  app.post('/v1/jobs/:job_id/compensations', (c) => createCompensation(ctx, c));
  app.get('/v1/compensations/:compensation_id', (c) => getCompensation(ctx, c));
  app.put('/v1/compensations/:compensation_id', (c) => updateCompensation(ctx, c));

  return app;
}

function jobFor(ctx: SandboxContext, c: Context<ApiEnv>): SandboxJob {
  const job = ctx.store.data.jobs[c.req.param('job_id') ?? ''];

  return ownedResource(c, job, (j) => ctx.store.data.employees[j.employee_uuid]?.company_uuid);
}

function compensationFor(ctx: SandboxContext, c: Context<ApiEnv>): SandboxCompensation {
  const compensation = ctx.store.data.compensations[c.req.param('compensation_id') ?? ''];
  const companyOf = (comp: SandboxCompensation) => {
    const job = ctx.store.data.jobs[comp.job_uuid];

    return job ? ctx.store.data.employees[job.employee_uuid]?.company_uuid : undefined;
  };

  return ownedResource(c, compensation, companyOf);
}

/**
 * Creates a job and, as Gusto's embedded guide says, "a job with an hourly compensation of
 * 0.00" (`Hour`, `Nonexempt`) effective on the hire date, for the client to update.
 */
async function createJob(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'jobs:write');
  const employee = employeeFor(ctx, c);
  const body = await readBody(c, createJobBody);
  requireCompanyLocation(ctx, employee.company_uuid, body.location_uuid);
  const job: SandboxJob = {
    uuid: newUuid(),
    employee_uuid: employee.uuid,
    version: newVersion(),
    title: body.title,
    hire_date: body.hire_date,
    location_uuid: body.location_uuid ?? null,
    primary: jobsOf(ctx.store, employee.uuid).length === 0,
    two_percent_shareholder: body.two_percent_shareholder ?? false,
    state_wc_covered: body.state_wc_covered ?? null,
    state_wc_class_code: body.state_wc_class_code ?? null,
  };
  ctx.store.data.jobs[job.uuid] = job;
  addCompensation(ctx, job.uuid, {
    rate: '0.00',
    payment_unit: 'Hour',
    flsa_status: 'Nonexempt',
    effective_date: job.hire_date,
  });

  return c.json(jobView(ctx.store, job, apiVersionOf(c)), 201);
}

function requireCompanyLocation(
  ctx: SandboxContext,
  company_uuid: string,
  location_uuid: string | undefined,
): void {
  if (location_uuid === undefined) return;
  if (ctx.store.data.locations[location_uuid]?.company_uuid !== company_uuid) {
    throw unprocessableError([attributeError('location_uuid', 'Location could not be found')]);
  }
}

function listJobs(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'jobs:read');
  const employee = employeeFor(ctx, c);
  const version = apiVersionOf(c);

  return c.json(
    paginate(c, jobsOf(ctx.store, employee.uuid)).map((j) => jobView(ctx.store, j, version)),
  );
}

function getJob(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'jobs:read');

  return c.json(jobView(ctx.store, jobFor(ctx, c), apiVersionOf(c)));
}

async function updateJob(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'jobs:write');
  const job = jobFor(ctx, c);
  const body = await readBody(c, updateJobBody);
  requireCurrentVersion(body.version, job.version);
  const employee_company = ctx.store.data.employees[job.employee_uuid]?.company_uuid ?? '';
  requireCompanyLocation(ctx, employee_company, body.location_uuid);

  const { version: _version, ...fields } = body;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(job, { [key]: value });
  }
  job.version = newVersion();
  ctx.store.changed();

  return c.json(jobView(ctx.store, job, apiVersionOf(c)));
}

function listCompensations(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'compensations:read');
  const job = jobFor(ctx, c);
  const all = compensationsOf(ctx.store, job.uuid);

  return c.json(paginate(c, all).map((comp) => compensationView(ctx.store, comp)));
}

interface CompensationInput {
  rate: string;
  payment_unit: string;
  flsa_status: string;
  effective_date: string;
  title?: string | undefined;
  adjust_for_minimum_wage?: boolean | undefined;
}

function addCompensation(
  ctx: SandboxContext,
  job_uuid: string,
  input: CompensationInput,
): SandboxCompensation {
  const compensation: SandboxCompensation = {
    uuid: newUuid(),
    job_uuid,
    version: newVersion(),
    rate: formatMoney(input.rate),
    payment_unit: input.payment_unit,
    flsa_status: input.flsa_status,
    effective_date: input.effective_date,
    adjust_for_minimum_wage: input.adjust_for_minimum_wage ?? false,
    title: input.title ?? null,
  };
  ctx.store.data.compensations[compensation.uuid] = compensation;
  ctx.store.changed();

  return compensation;
}

async function createCompensation(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'compensations:write');
  const job = jobFor(ctx, c);
  const body = await readBody(c, createCompensationBody);
  const effective_date = body.effective_date ?? ctx.store.today();
  requireFreeEffectiveDate(ctx, job.uuid, effective_date, null);

  const compensation = addCompensation(ctx, job.uuid, { ...body, effective_date });
  job.version = newVersion();

  return c.json(compensationView(ctx.store, compensation), 201);
}

/**
 * One compensation per job and effective date: a second one on the same date is refused, so a
 * client updates the default compensation a new job comes with rather than stacking another.
 */
function requireFreeEffectiveDate(
  ctx: SandboxContext,
  job_uuid: string,
  effective_date: string,
  except_uuid: string | null,
): void {
  const clash = compensationsOf(ctx.store, job_uuid).some(
    (comp) => comp.effective_date === effective_date && comp.uuid !== except_uuid,
  );
  if (clash) {
    throw unprocessableError([
      attributeError('effective_date', 'Effective date has already been taken for this job'),
    ]);
  }
}

function getCompensation(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'compensations:read');

  return c.json(compensationView(ctx.store, compensationFor(ctx, c)));
}

async function updateCompensation(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'compensations:write');
  const compensation = compensationFor(ctx, c);
  const body = await readBody(c, updateCompensationBody);
  requireCurrentVersion(body.version, compensation.version);
  if (body.effective_date !== undefined) {
    requireFreeEffectiveDate(ctx, compensation.job_uuid, body.effective_date, compensation.uuid);
  }

  const { version: _version, minimum_wages: _wages, rate, ...fields } = body;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(compensation, { [key]: value });
  }
  if (rate !== undefined) compensation.rate = formatMoney(rate);
  compensation.version = newVersion();
  ctx.store.changed();

  return c.json(compensationView(ctx.store, compensation));
}
