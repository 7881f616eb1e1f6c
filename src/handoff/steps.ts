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
import { oneAtATime } from './one-at-a-time.js';
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

/** The plan's steps not yet done, in order: where a run starts. */
export function stepsToDo(
  form: HandoffForm,
  steps: ReadonlyMap<StepName, HandoffStep>,
): StepName[] {
  return planFor(form).filter((step) => steps.get(step)?.status !== 'done');
}

/**
 * The Gusto calls a step makes when all goes well (a lookup after an unknown outcome, a 409 or a
 * later run's re-read cost more): what a run takes budget places for up front.
 */
export function expectedCalls(step: StepName, form: HandoffForm): number {
  switch (step) {
    case 'work_address':
      return form.worker_type === 'employee' && form.location_uuid !== null ? 1 : 0;
    case 'department':
      // The department's current `version` is read before the add.
      return form.department_uuid === null ? 0 : 2;
    case 'reconcile':
      return 0;
    default:
      return 1;
  }
}

/**
 * Steps that may run again blind after an unknown outcome: each reads what Gusto holds before
 * it writes (the compensation its job's current one, the department its members), so nothing
 * marks them as sent before their request leaves.
 */
export function isRepeatable(step: StepName): boolean {
  return step === 'compensation' || step === 'department';
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
  const employee = await ctx.call(() =>
    createEmployee(ctx.gusto, { company_id: ctx.company_uuid, ...body }),
  );

  return employee.uuid;
};

/**
 * `POST /v1/companies/{company_uuid}/contractors`.
 * @see https://docs.gusto.com/app-integrations/reference/post-v1-companies-company_uuid-contractors
 */
const createContractorStep: StepRunner = async (ctx) => {
  const body = createContractorBody(asContractor(ctx.handoff.form));
  const contractor = await ctx.call(() =>
    createContractor(ctx.gusto, { company_uuid: ctx.company_uuid, ...body }),
  );

  return contractor.uuid;
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
    const existing = await ctx.call(() => listWorkAddresses(ctx.gusto, personUuid(ctx)));
    const same = existing.find(
      (a) => a.location_uuid === location_uuid && a.effective_date === form.start_date,
    );
    if (same) return same.uuid;
  }
  const body = createWorkAddressBody(form, location_uuid);
  const address = await ctx.call(() =>
    createWorkAddress(ctx.gusto, { employee_id: personUuid(ctx), ...body }),
  );

  return address.uuid;
};

/** The job with its title and hire date; looked up first after an unknown outcome. */
const jobStep: StepRunner = async (ctx, previous) => {
  const form = asEmployee(ctx.handoff.form);
  if (previous?.status === 'sent') {
    const employee = await ctx.call(() => getEmployee(ctx.gusto, { employee_id: personUuid(ctx) }));
    const same = employee.jobs.find(
      (j) => j.title === form.job_title && j.hire_date === form.start_date,
    );
    if (same) return same.uuid;
  }
  const job = await ctx.call(() =>
    createJob(ctx.gusto, { employee_id: personUuid(ctx), ...createJobBody(form) }),
  );
  ctx.answers.job = job;

  return job.uuid;
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
 * `version` makes a repeat harmless); a job without one gets one created. The job as this run's
 * create answered it carries its compensations; otherwise (a later run) the job is read first,
 * which makes the step safe to run again whatever happened before.
 * @see https://docs.gusto.com/app-integrations/reference/put-v1-compensations-compensation_id
 */
const compensationStep: StepRunner = async (ctx) => {
  const form = asEmployee(ctx.handoff.form);
  const job =
    ctx.answers.job ?? (await ctx.call(() => getJob(ctx.gusto, { job_id: jobUuid(ctx) })));
  const current =
    job.compensations.find((c) => c.uuid === job.current_compensation_uuid) ?? job.compensations[0];
  if (current && hasOfferedPay(current, form)) return current.uuid;

  const pay = compensationFields(form);
  if (current?.version) {
    const input = { compensation_id: current.uuid, version: current.version, ...pay };
    return (await ctx.call(() => updateCompensation(ctx.gusto, input))).uuid;
  }

  return (await ctx.call(() => createCompensation(ctx.gusto, { job_id: job.uuid, ...pay }))).uuid;
};

/** How many times a department add is tried when another hand-off changed its `version` first. */
const DEPARTMENT_VERSION_TRIES = 5;

/**
 * Adds the person to the chosen department (one chosen by name matched by title first) with the
 * department's current `version`; nothing to do when none was chosen or they are already in it.
 * Hires into one department race on its `version`: a 409 means another add (another worker
 * process) won, so the list is read again and the add retried at once, instead of failing the
 * whole task into backoff.
 * @see https://docs.gusto.com/app-integrations/reference/put-add-people-to-department
 */
const departmentStep: StepRunner = async (ctx) => {
  const chosen = ctx.handoff.form.department_uuid;
  if (chosen === null) return null;

  // Adds within this process go one at a time, so they never spend a call on a 409.
  return oneAtATime(`department:${ctx.company_uuid}:${chosen}`, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await addToDepartment(ctx, chosen);
      } catch (error) {
        if (!(error instanceof GustoConflictError) || attempt >= DEPARTMENT_VERSION_TRIES)
          throw error;
        await delay(25 + Math.random() * 100 * attempt);
      }
    }
  });
};

async function addToDepartment(ctx: StepContext, chosen: string): Promise<string> {
  const departments = await ctx.call(() =>
    listDepartments(ctx.gusto, { company_uuid: ctx.company_uuid }),
  );
  const department_uuid = await resolvedDepartment(ctx, chosen, departments);
  const department = departments.find((d) => d.uuid === department_uuid);
  if (!department?.version) throw departmentGone();

  const person = personUuid(ctx);
  const isEmployee = ctx.handoff.form.worker_type === 'employee';
  const members = isEmployee ? department.employees : department.contractors;
  if (members.some((m) => m.uuid === person)) return department.uuid;

  const who = isEmployee ? { employees: [person] } : { contractors: [person] };
  const input = { department_uuid, version: department.version, ...who };

  return (await ctx.call(() => addPeopleToDepartment(ctx.gusto, input))).uuid;
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
