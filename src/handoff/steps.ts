import { setTimeout as delay } from 'node:timers/promises';
import { addPeopleToDepartment, listDepartments } from '../gusto-client/company.js';
import { createContractor } from '../gusto-client/contractors.js';
import { createEmployee, createWorkAddress, getEmployee } from '../gusto-client/employees.js';
import { GustoConflictError } from '../gusto-client/errors.js';
import { createCompensation, createJob, getJob, updateCompensation } from '../gusto-client/jobs.js';
import type { Compensation } from '../gusto-client/types.js';
import {
  compensationFields,
  createContractorBody,
  createEmployeeBody,
  createJobBody,
  createWorkAddressBody,
} from './gusto-payloads.js';
import type { ContractorForm, EmployeeForm, HandoffForm } from './handoff-form.js';
import type { HandoffStep } from './handoff-store.js';
import { findCreatedContractor, findCreatedEmployee } from './reconcile.js';
import { resolvedDepartment, resolvedLocation } from './resolve-by-name.js';
import { HandoffAttentionError, jobUuid, personUuid, type StepContext } from './step-context.js';
import type { StepName } from './tables.js';
import { listWorkAddresses } from './work-addresses.js';

/** The steps of a hand-off in order; a retry resumes at the first one not done. */
export function planFor(form: HandoffForm): StepName[] {
  if (form.worker_type === 'contractor') return ['create_contractor', 'department'];

  return ['create_employee', 'work_address', 'job', 'compensation', 'department'];
}

/** The steps that create the person: never repeated without a lookup after an unknown outcome. */
export function isPersonStep(step: StepName): boolean {
  return step === 'create_employee' || step === 'create_contractor';
}

function asEmployee(form: HandoffForm): EmployeeForm {
  if (form.worker_type !== 'employee') throw new Error('This step is for employees only');

  return form;
}

function asContractor(form: HandoffForm): ContractorForm {
  if (form.worker_type !== 'contractor') throw new Error('This step is for contractors only');

  return form;
}

/** Runs one step; returns the uuid of what it made or found in Gusto. */
export type StepRunner = (
  ctx: StepContext,
  previous: HandoffStep | undefined,
) => Promise<string | null>;

/**
 * `POST /v1/companies/{company_id}/employees`.
 * @see https://docs.gusto.com/app-integrations/reference/post-v1-employees
 */
const createEmployeeStep: StepRunner = async (ctx) => {
  const body = createEmployeeBody(asEmployee(ctx.handoff.form));
  await ctx.slot();

  return (await createEmployee(ctx.gusto, { company_id: ctx.company_uuid, ...body })).uuid;
};

/**
 * `POST /v1/companies/{company_uuid}/contractors`.
 * @see https://docs.gusto.com/app-integrations/reference/post-v1-companies-company_uuid-contractors
 */
const createContractorStep: StepRunner = async (ctx) => {
  const body = createContractorBody(asContractor(ctx.handoff.form));
  await ctx.slot();

  return (await createContractor(ctx.gusto, { company_uuid: ctx.company_uuid, ...body })).uuid;
};

/**
 * The employee's work location from the start date; a location chosen by name is matched first.
 * Looked up before creating after an unknown outcome.
 */
const workAddressStep: StepRunner = async (ctx, previous) => {
  const chosen = asEmployee(ctx.handoff.form).location_uuid;
  if (chosen === null) return null;
  const location_uuid = await resolvedLocation(ctx, chosen);
  const form = asEmployee(ctx.handoff.form);
  if (previous?.status === 'sent') {
    await ctx.slot();
    const existing = await listWorkAddresses(ctx.gusto, personUuid(ctx));
    const same = existing.find(
      (a) => a.location_uuid === location_uuid && a.effective_date === form.start_date,
    );
    if (same) return same.uuid;
  }
  await ctx.slot();
  const body = createWorkAddressBody(form, location_uuid);

  return (await createWorkAddress(ctx.gusto, { employee_id: personUuid(ctx), ...body })).uuid;
};

/** The job with its title and hire date; looked up first after an unknown outcome. */
const jobStep: StepRunner = async (ctx, previous) => {
  const form = asEmployee(ctx.handoff.form);
  if (previous?.status === 'sent') {
    await ctx.slot();
    const employee = await getEmployee(ctx.gusto, { employee_id: personUuid(ctx) });
    const same = employee.jobs.find(
      (j) => j.title === form.job_title && j.hire_date === form.start_date,
    );
    if (same) return same.uuid;
  }
  await ctx.slot();

  return (await createJob(ctx.gusto, { employee_id: personUuid(ctx), ...createJobBody(form) }))
    .uuid;
};

function hasOfferedPay(c: Compensation, form: EmployeeForm): boolean {
  return (
    c.payment_unit === form.payment_unit &&
    c.flsa_status === form.flsa_status &&
    c.rate !== null &&
    Number(c.rate) === Number(form.rate)
  );
}

/**
 * The offered pay: Gusto gives a new job a default compensation, which is updated (its
 * `version` makes a repeat harmless); a job without one gets one created. Reading the job first
 * makes the step safe to run again whatever happened before.
 * @see https://docs.gusto.com/app-integrations/reference/put-v1-compensations-compensation_id
 */
const compensationStep: StepRunner = async (ctx) => {
  const form = asEmployee(ctx.handoff.form);
  await ctx.slot();
  const job = await getJob(ctx.gusto, { job_id: jobUuid(ctx) });
  const current =
    job.compensations.find((c) => c.uuid === job.current_compensation_uuid) ?? job.compensations[0];
  if (current && hasOfferedPay(current, form)) return current.uuid;

  await ctx.slot();
  const pay = compensationFields(form);
  if (current?.version) {
    const input = { compensation_id: current.uuid, version: current.version, ...pay };
    return (await updateCompensation(ctx.gusto, input)).uuid;
  }

  return (await createCompensation(ctx.gusto, { job_id: job.uuid, ...pay })).uuid;
};

/** How many times a department add is tried when another hand-off changed its `version` first. */
const DEPARTMENT_VERSION_TRIES = 5;

/**
 * Adds the person to the chosen department (one chosen by name matched by title first) with the
 * department's current `version`; nothing to do when none was chosen or they are already in it.
 * Hires into one department race on its `version`: a 409 means another add won, so the list is
 * read again and the add retried at once, instead of failing the whole task into backoff.
 * @see https://docs.gusto.com/app-integrations/reference/put-add-people-to-department
 */
const departmentStep: StepRunner = async (ctx) => {
  const chosen = ctx.handoff.form.department_uuid;
  if (chosen === null) return null;
  for (let attempt = 1; ; attempt++) {
    try {
      return await addToDepartment(ctx, chosen);
    } catch (error) {
      if (!(error instanceof GustoConflictError) || attempt >= DEPARTMENT_VERSION_TRIES)
        throw error;
      await delay(25 + Math.random() * 100 * attempt);
    }
  }
};

async function addToDepartment(ctx: StepContext, chosen: string): Promise<string> {
  await ctx.slot();
  const departments = await listDepartments(ctx.gusto, { company_uuid: ctx.company_uuid });
  const department_uuid = await resolvedDepartment(ctx, chosen, departments);
  const department = departments.find((d) => d.uuid === department_uuid);
  if (!department?.version) throw departmentGone();

  const person = personUuid(ctx);
  const isEmployee = ctx.handoff.form.worker_type === 'employee';
  const members = isEmployee ? department.employees : department.contractors;
  if (members.some((m) => m.uuid === person)) return department.uuid;

  await ctx.slot();
  const who = isEmployee ? { employees: [person] } : { contractors: [person] };
  const input = { department_uuid, version: department.version, ...who };

  return (await addPeopleToDepartment(ctx.gusto, input)).uuid;
}

function departmentGone(): HandoffAttentionError {
  return new HandoffAttentionError([
    {
      error_key: 'department_uuid',
      field: 'department_uuid',
      message: 'This department is no longer in Gusto. Choose another, or none.',
    },
  ]);
}

/** Each step's runner. The person steps' lookups live in `reconcile.ts`. */
export const STEP_RUNNERS: Record<Exclude<StepName, 'reconcile'>, StepRunner> = {
  create_employee: createEmployeeStep,
  create_contractor: createContractorStep,
  work_address: workAddressStep,
  job: jobStep,
  compensation: compensationStep,
  department: departmentStep,
};

/** The runner of a step; the `reconcile` step runs through `findCreatedPerson` instead. */
export function runnerFor(step: StepName): StepRunner {
  if (step === 'reconcile') throw new Error('The reconcile step runs through findCreatedPerson');

  return STEP_RUNNERS[step];
}

/** Looks up the person an unknown create may have made; their uuid, or null to create. */
export function findCreatedPerson(ctx: StepContext): Promise<string | null> {
  const form = ctx.handoff.form;
  if (form.worker_type === 'employee') return findCreatedEmployee(ctx, form);

  return findCreatedContractor(ctx, form);
}
