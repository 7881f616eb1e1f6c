import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import type { SandboxEmployee } from '../state.js';
import { newUuid, newVersion } from '../state.js';
import { apiVersionOf, companyFor, ownedResource, requireScope } from './access.js';
import { readBody } from './body.js';
import type { ApiEnv } from './env.js';
import {
  attributeError,
  invalidOperationError,
  staleVersionError,
  unprocessableError,
} from './errors.js';
import { recordEvent } from './events.js';
import {
  dateText,
  emailText,
  flag,
  nullableText,
  optionalText,
  requiredText,
  ssnText,
  versionText,
} from './fields.js';
import { paginate, queryFlag } from './pagination.js';
import { requireUniquePersonalEmail } from './people.js';
import { employeeView } from './views.js';

/** `POST /v1/companies/{company_id}/employees` body (`required: [first_name, last_name]`). */
const createEmployeeBody = z.object({
  first_name: requiredText('First name'),
  middle_initial: optionalText('Middle initial'),
  last_name: requiredText('Last name'),
  email: emailText('Email').nullable().optional(),
  work_email: emailText('Work email').optional(),
  date_of_birth: dateText('Date of birth').optional(),
  ssn: ssnText().optional(),
  preferred_first_name: optionalText('Preferred first name'),
  self_onboarding: flag('Self onboarding').optional(),
});

/** `PUT /v1/employees/{employee_id}` body (`Versionable-Required` plus the editable fields). */
const updateEmployeeBody = z.object({
  version: versionText().optional(),
  first_name: requiredText('First name').optional(),
  middle_initial: nullableText('Middle initial'),
  last_name: requiredText('Last name').optional(),
  email: emailText('Email').optional(),
  work_email: emailText('Work email').optional(),
  date_of_birth: dateText('Date of birth').optional(),
  ssn: ssnText().optional(),
  preferred_first_name: nullableText('Preferred first name'),
  two_percent_shareholder: flag('Two percent shareholder').optional(),
});

/** Employees: create, list, get, update, delete. */
export function employeeRoutes(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post('/v1/companies/:company_id/employees', (c) => createEmployee(ctx, c));
  app.get('/v1/companies/:company_id/employees', (c) => listEmployees(ctx, c));
  app.get('/v1/employees/:employee_id', (c) => getEmployee(ctx, c));
  app.put('/v1/employees/:employee_id', (c) => updateEmployee(ctx, c));
  app.delete('/v1/employees/:employee_id', (c) => deleteEmployee(ctx, c));

  return app;
}

/** The employee named by `:employee_id`, if this token reaches it. */
export function employeeFor(ctx: SandboxContext, c: Context<ApiEnv>): SandboxEmployee {
  const employee = ctx.store.data.employees[c.req.param('employee_id') ?? ''];

  return ownedResource(c, employee, (e) => e.company_uuid);
}

async function createEmployee(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'employees:manage');
  const company = companyFor(ctx, c, c.req.param('company_id') ?? '');
  const body = await readBody(c, createEmployeeBody);
  const self_onboarding = body.self_onboarding ?? false;
  // "The employee's personal email address. Required if self_onboarding is true." (spec)
  if (self_onboarding && !body.email) {
    throw unprocessableError([attributeError('email', 'Email is required for self-onboarding')]);
  }
  requireUniquePersonalEmail(ctx.store, company.uuid, body.email, null);

  const employee = newEmployee(ctx, c, company.uuid, body, self_onboarding);
  ctx.store.data.employees[employee.uuid] = employee;
  ctx.store.changed();
  recordEmployeeEvent(ctx, 'employee.created', employee);

  return c.json(employeeView(ctx.store, employee, apiVersionOf(c)), 201);
}

function newEmployee(
  ctx: SandboxContext,
  c: Context<ApiEnv>,
  company_uuid: string,
  body: z.output<typeof createEmployeeBody>,
  self_onboarding: boolean,
): SandboxEmployee {
  return {
    uuid: newUuid(),
    company_uuid,
    version: newVersion(),
    first_name: body.first_name,
    middle_initial: body.middle_initial ?? null,
    last_name: body.last_name,
    preferred_first_name: body.preferred_first_name ?? null,
    email: body.email ?? null,
    work_email: body.work_email ?? null,
    date_of_birth: body.date_of_birth ?? null,
    phone: null,
    has_ssn: body.ssn !== undefined,
    self_onboarding,
    onboarded: false,
    onboarding_status: initialOnboardingStatus(self_onboarding),
    terminated: false,
    department_uuid: null,
    payment_method: 'Check',
    created_at: ctx.store.nowIso(),
    created_by_grant: c.get('auth').grant?.id ?? null,
  };
}

/**
 * A new employee waits for their own self-onboarding invitation when `self_onboarding` is true,
 * else for the admin to finish onboarding. Gusto does not document the initial status; these are
 * the two statuses of the `Employee` enum that say so.
 */
export function initialOnboardingStatus(self_onboarding: boolean): string {
  return self_onboarding ? 'self_onboarding_pending_invite' : 'admin_onboarding_incomplete';
}

function listEmployees(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'employees:read');
  const company = companyFor(ctx, c, c.req.param('company_id') ?? '');
  const onboarded = queryFlag(c, 'onboarded');
  const terminated = queryFlag(c, 'terminated');
  const search = c.req.query('search_term')?.trim().toLowerCase() ?? '';

  const matches = Object.values(ctx.store.data.employees)
    .filter((e) => e.company_uuid === company.uuid)
    .filter((e) => onboarded === undefined || e.onboarded === onboarded)
    .filter((e) => terminated === undefined || e.terminated === terminated)
    .filter((e) => search === '' || nameOf(e).includes(search))
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
  const version = apiVersionOf(c);

  return c.json(paginate(c, matches).map((e) => employeeView(ctx.store, e, version)));
}

/** `search_term` matches "the object's names": first, preferred, last, and first + last. */
function nameOf(employee: SandboxEmployee): string {
  const { first_name, preferred_first_name, last_name } = employee;

  return [first_name, preferred_first_name ?? '', last_name, `${first_name} ${last_name}`]
    .join('\n')
    .toLowerCase();
}

function getEmployee(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'employees:read');
  const employee = employeeFor(ctx, c);

  return c.json(employeeView(ctx.store, employee, apiVersionOf(c)));
}

async function updateEmployee(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'employees:write');
  const employee = employeeFor(ctx, c);
  const body = await readBody(c, updateEmployeeBody);
  requireCurrentVersion(body.version, employee.version);
  requireUniquePersonalEmail(ctx.store, employee.company_uuid, body.email, employee.uuid);

  applyEmployeeUpdate(employee, body);
  employee.version = newVersion();
  ctx.store.changed();
  recordEmployeeEvent(ctx, 'employee.updated', employee);

  return c.json(employeeView(ctx.store, employee, apiVersionOf(c)));
}

function applyEmployeeUpdate(
  employee: SandboxEmployee,
  body: z.output<typeof updateEmployeeBody>,
): void {
  const { version: _version, ssn, two_percent_shareholder, ...fields } = body;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(employee, { [key]: value });
  }
  if (ssn !== undefined) employee.has_ssn = true;
  if (two_percent_shareholder !== undefined) {
    employee.two_percent_shareholder = two_percent_shareholder;
  }
}

/**
 * Optimistic locking: the body's `version` must equal the resource's. Omitting it is refused
 * too, since Gusto compares against nil (Gusto CLI `versioning.ts`; Conflict-Error-Object).
 */
export function requireCurrentVersion(sent: string | undefined, current: string): void {
  if (sent !== current) throw staleVersionError();
}

function deleteEmployee(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'employees:manage');
  const employee = employeeFor(ctx, c);
  // "Delete an onboarding employee" only; the spec's 422 example: "Cannot delete onboarded employee".
  if (employee.onboarded) throw invalidOperationError('Cannot delete onboarded employee');

  removeEmployee(ctx, employee.uuid);
  recordEmployeeEvent(ctx, 'employee.deleted', employee);

  return c.body(null, 204);
}

function removeEmployee(ctx: SandboxContext, employee_uuid: string): void {
  const data = ctx.store.data;
  for (const job of Object.values(data.jobs).filter((j) => j.employee_uuid === employee_uuid)) {
    for (const comp of Object.values(data.compensations)) {
      if (comp.job_uuid === job.uuid) delete data.compensations[comp.uuid];
    }
    delete data.jobs[job.uuid];
  }
  for (const a of Object.values(data.home_addresses)) {
    if (a.employee_uuid === employee_uuid) delete data.home_addresses[a.uuid];
  }
  for (const a of Object.values(data.work_addresses)) {
    if (a.employee_uuid === employee_uuid) delete data.work_addresses[a.uuid];
  }
  delete data.employees[employee_uuid];
  ctx.store.changed();
}

function recordEmployeeEvent(ctx: SandboxContext, event_type: string, e: SandboxEmployee): void {
  recordEvent(ctx, {
    event_type,
    company_uuid: e.company_uuid,
    entity_type: 'Employee',
    entity_uuid: e.uuid,
  });
}
