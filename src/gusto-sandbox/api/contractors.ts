import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import type { SandboxContractor } from '../state.js';
import { newUuid, newVersion } from '../state.js';
import { companyFor, ownedResource, requireScope } from './access.js';
import { readBody } from './body.js';
import { requireCurrentVersion } from './employees.js';
import type { ApiEnv } from './env.js';
import { attributeError, type GustoErrorEntry, unprocessableError } from './errors.js';
import { recordEvent } from './events.js';
import {
  dateText,
  emailText,
  enumText,
  flag,
  formatMoney,
  moneyText,
  nullableText,
  optionalText,
  ssnText,
  versionText,
} from './fields.js';
import { paginate, queryFlag } from './pagination.js';
import { requireUniquePersonalEmail } from './people.js';
import { contractorView } from './views.js';

/** `Contractor-Body` fields; type rules are checked after parsing (see `contractorRuleErrors`). */
const contractorFields = {
  hourly_rate: moneyText('Hourly rate').optional(),
  self_onboarding: flag('Self onboarding').optional(),
  email: emailText('Email').optional(),
  first_name: optionalText('First name'),
  last_name: optionalText('Last name'),
  middle_initial: optionalText('Middle initial'),
  file_new_hire_report: flag('File new hire report').optional(),
  work_state: nullableText('Work state').refine(
    (v) => v === undefined || v === null || /^[A-Z]{2}$/.test(v),
    'Work state is not a valid state',
  ),
  ssn: ssnText().optional(),
  business_name: optionalText('Business name'),
  ein: z
    .string({ error: 'Ein must be a string' })
    .regex(/^\d{2}-?\d{7}$/, 'Ein must be 9 digits')
    .optional(),
  is_active: flag('Is active').optional(),
};

const CONTRACTOR_TYPES = ['Individual', 'Business'] as const;
const WAGE_TYPES = ['Fixed', 'Hourly'] as const;

/** `Contractor-Create-Request-Body`: `required: [type, wage_type, start_date]`. */
const createContractorBody = z.object({
  type: enumText('Type', CONTRACTOR_TYPES),
  wage_type: enumText('Wage type', WAGE_TYPES),
  start_date: dateText('Start date'),
  ...contractorFields,
});

/** `Contractor-Update-Request-Body`: `version` plus any `Contractor-Body` field. */
const updateContractorBody = z.object({
  version: versionText().optional(),
  type: enumText('Type', CONTRACTOR_TYPES).optional(),
  wage_type: enumText('Wage type', WAGE_TYPES).optional(),
  start_date: dateText('Start date').optional(),
  ...contractorFields,
});

type ContractorUpdate = z.output<typeof updateContractorBody>;

/** Contractors: create, list, get, update. */
export function contractorRoutes(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post('/v1/companies/:company_uuid/contractors', (c) => createContractor(ctx, c));
  app.get('/v1/companies/:company_uuid/contractors', (c) => listContractors(ctx, c));
  app.get('/v1/contractors/:contractor_uuid', (c) => getContractor(ctx, c));
  app.put('/v1/contractors/:contractor_uuid', (c) => updateContractor(ctx, c));

  return app;
}

async function createContractor(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'contractors:manage');
  const company = companyFor(ctx, c, c.req.param('company_uuid') ?? '');
  const body = await readBody(c, createContractorBody);
  const contractor = blankContractor(ctx, c, company.uuid, body);
  applyContractorFields(contractor, body);
  checkContractorRules(contractor);
  requireUniquePersonalEmail(ctx.store, company.uuid, contractor.email, null);

  ctx.store.data.contractors[contractor.uuid] = contractor;
  ctx.store.changed();
  recordContractorEvent(ctx, 'contractor.created', contractor);

  return c.json(contractorView(ctx.store, contractor), 201);
}

function blankContractor(
  ctx: SandboxContext,
  c: Context<ApiEnv>,
  company_uuid: string,
  body: z.output<typeof createContractorBody>,
): SandboxContractor {
  return {
    uuid: newUuid(),
    company_uuid,
    version: newVersion(),
    type: body.type,
    wage_type: body.wage_type,
    first_name: null,
    last_name: null,
    middle_initial: null,
    business_name: null,
    ein: null,
    email: null,
    start_date: body.start_date,
    hourly_rate: '0.00',
    self_onboarding: false,
    file_new_hire_report: false,
    work_state: null,
    is_active: true,
    onboarded: false,
    onboarding_status: 'admin_onboarding_incomplete',
    has_ssn: false,
    department_uuid: null,
    created_at: ctx.store.nowIso(),
    created_by_grant: c.get('auth').grant?.id ?? null,
  };
}

/** Copies the sent fields; `ssn` is kept only as `has_ssn`, like Gusto's masked answers. */
function applyContractorFields(contractor: SandboxContractor, body: ContractorUpdate): void {
  const { version: _version, ssn, hourly_rate, ...fields } = body;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(contractor, { [key]: value });
  }
  if (ssn !== undefined) contractor.has_ssn = true;
  if (hourly_rate !== undefined) contractor.hourly_rate = formatMoney(hourly_rate);
}

/**
 * Gusto's rules by `type` and `wage_type` (spec `Contractor-Body`): `hourly_rate` "required if
 * the wage_type is Hourly"; `first_name`/`last_name` required for Individual and ignored for
 * Business; `business_name` required for Business; `email` required with `self_onboarding`;
 * `work_state` required for an Individual filing a new hire report.
 */
function checkContractorRules(contractor: SandboxContractor): void {
  const errors = contractorRuleErrors(contractor);
  if (errors.length > 0) throw unprocessableError(errors);
  if (contractor.type === 'Business') {
    Object.assign(contractor, { first_name: null, last_name: null, middle_initial: null });
  } else {
    contractor.business_name = null;
    contractor.ein = null;
  }
  if (contractor.wage_type === 'Fixed') contractor.hourly_rate = '0.00';
  if (contractor.onboarding_status !== 'onboarding_completed') {
    contractor.onboarding_status = contractor.self_onboarding
      ? 'self_onboarding_not_invited'
      : 'admin_onboarding_incomplete';
  }
}

function contractorRuleErrors(contractor: SandboxContractor): GustoErrorEntry[] {
  const errors: GustoErrorEntry[] = [];
  const blank = (v: string | null) => v === null || v.trim() === '';
  const need = (key: string, label: string, value: string | null) => {
    if (blank(value)) errors.push(attributeError(key, `${label} can't be blank`));
  };
  if (contractor.wage_type === 'Hourly' && Number(contractor.hourly_rate) <= 0) {
    errors.push(attributeError('hourly_rate', 'Hourly rate is required for hourly contractors'));
  }
  if (contractor.type === 'Individual') {
    need('first_name', 'First name', contractor.first_name);
    need('last_name', 'Last name', contractor.last_name);
    if (contractor.file_new_hire_report) need('work_state', 'Work state', contractor.work_state);
  } else {
    need('business_name', 'Business name', contractor.business_name);
  }
  if (contractor.self_onboarding && blank(contractor.email)) {
    errors.push(attributeError('email', 'Email is required for self-onboarding'));
  }

  return errors;
}

function listContractors(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'contractors:read');
  const company = companyFor(ctx, c, c.req.param('company_uuid') ?? '');
  const onboarded = queryFlag(c, 'onboarded');
  const terminated = queryFlag(c, 'terminated');
  const search = c.req.query('search_term')?.trim().toLowerCase() ?? '';

  const matches = Object.values(ctx.store.data.contractors)
    .filter((p) => p.company_uuid === company.uuid)
    .filter((p) => onboarded === undefined || p.onboarded === onboarded)
    .filter((p) => terminated === undefined || !p.is_active === terminated)
    .filter((p) => search === '' || contractorNames(p).includes(search))
    .sort((a, b) => a.created_at.localeCompare(b.created_at));

  return c.json(paginate(c, matches).map((p) => contractorView(ctx.store, p)));
}

function contractorNames(p: SandboxContractor): string {
  const full = `${p.first_name ?? ''} ${p.last_name ?? ''}`;

  return [p.first_name, p.last_name, full, p.business_name].join('\n').toLowerCase();
}

function contractorFor(ctx: SandboxContext, c: Context<ApiEnv>): SandboxContractor {
  const contractor = ctx.store.data.contractors[c.req.param('contractor_uuid') ?? ''];

  return ownedResource(c, contractor, (p) => p.company_uuid);
}

function getContractor(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'contractors:read');

  return c.json(contractorView(ctx.store, contractorFor(ctx, c)));
}

async function updateContractor(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'contractors:write');
  const contractor = contractorFor(ctx, c);
  const body = await readBody(c, updateContractorBody);
  requireCurrentVersion(body.version, contractor.version);

  // The rules hold for the contractor as updated, so a change of type is checked whole.
  const updated = { ...contractor };
  applyContractorFields(updated, body);
  checkContractorRules(updated);
  requireUniquePersonalEmail(ctx.store, contractor.company_uuid, updated.email, contractor.uuid);

  Object.assign(contractor, updated, { version: newVersion() });
  ctx.store.changed();
  recordContractorEvent(ctx, 'contractor.updated', contractor);

  return c.json(contractorView(ctx.store, contractor));
}

function recordContractorEvent(
  ctx: SandboxContext,
  event_type: string,
  contractor: SandboxContractor,
): void {
  recordEvent(ctx, {
    event_type,
    company_uuid: contractor.company_uuid,
    entity_type: 'Contractor',
    entity_uuid: contractor.uuid,
  });
}
