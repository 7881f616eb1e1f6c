import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import type { SandboxHomeAddress, SandboxWorkAddress } from '../state.js';
import { newUuid, newVersion } from '../state.js';
import { requireScope } from './access.js';
import { readBody } from './body.js';
import { employeeFor } from './employees.js';
import type { ApiEnv } from './env.js';
import { attributeError, unprocessableError } from './errors.js';
import { dateText, flag, nullableText, requiredText } from './fields.js';
import { homeAddressView, workAddressView } from './views.js';

/**
 * `POST /v1/employees/{employee_id}/home_addresses`. The document marks no field required;
 * Gusto cannot keep an address without street, city, state and zip, so the sandbox asks for them.
 */
const createHomeAddressBody = z.object({
  street_1: requiredText('Street 1'),
  street_2: nullableText('Street 2'),
  city: requiredText('City'),
  state: requiredText('State').refine((v) => /^[A-Z]{2}$/.test(v), 'State is not a valid state'),
  zip: requiredText('Zip').refine((v) => /^\d{5}(-?\d{4})?$/.test(v), 'Zip is invalid'),
  effective_date: dateText('Effective date').nullable().optional(),
  courtesy_withholding: flag('Courtesy withholding').optional(),
});

/** `POST /v1/employees/{employee_id}/work_addresses`: a company location and a date. */
const createWorkAddressBody = z.object({
  location_uuid: requiredText('Location'),
  effective_date: dateText('Effective date').optional(),
});

/** Employee home and work addresses: list and create. */
export function addressRoutes(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/v1/employees/:employee_id/home_addresses', (c) => listHome(ctx, c));
  app.post('/v1/employees/:employee_id/home_addresses', (c) => createHome(ctx, c));
  app.get('/v1/employees/:employee_id/work_addresses', (c) => listWork(ctx, c));
  app.post('/v1/employees/:employee_id/work_addresses', (c) => createWork(ctx, c));

  return app;
}

function listHome(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'employees:read');
  const employee = employeeFor(ctx, c);
  const addresses = Object.values(ctx.store.data.home_addresses)
    .filter((a) => a.employee_uuid === employee.uuid)
    .sort((a, b) => a.effective_date.localeCompare(b.effective_date));

  return c.json(addresses.map((a) => homeAddressView(ctx.store, a)));
}

async function createHome(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'employees:write');
  const employee = employeeFor(ctx, c);
  const body = await readBody(c, createHomeAddressBody);
  const address: SandboxHomeAddress = {
    uuid: newUuid(),
    employee_uuid: employee.uuid,
    version: newVersion(),
    street_1: body.street_1,
    street_2: body.street_2 ?? null,
    city: body.city,
    state: body.state,
    zip: body.zip,
    country: 'USA',
    effective_date: body.effective_date ?? ctx.store.today(),
    courtesy_withholding: body.courtesy_withholding ?? false,
    active: true,
  };
  ctx.store.data.home_addresses[address.uuid] = address;
  ctx.store.changed();

  return c.json(homeAddressView(ctx.store, address), 201);
}

function listWork(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'employees:read');
  const employee = employeeFor(ctx, c);
  const addresses = Object.values(ctx.store.data.work_addresses)
    .filter((a) => a.employee_uuid === employee.uuid)
    .sort((a, b) => a.effective_date.localeCompare(b.effective_date));

  return c.json(addresses.map((a) => workAddressView(ctx.store, a)));
}

async function createWork(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'employees:manage');
  const employee = employeeFor(ctx, c);
  const body = await readBody(c, createWorkAddressBody);
  const location = ctx.store.data.locations[body.location_uuid];
  // "Reference to a company location": another company's or an unknown uuid is refused.
  if (location?.company_uuid !== employee.company_uuid) {
    throw unprocessableError([attributeError('location_uuid', 'Location could not be found')]);
  }

  const address: SandboxWorkAddress = {
    uuid: newUuid(),
    employee_uuid: employee.uuid,
    location_uuid: location.uuid,
    version: newVersion(),
    effective_date: body.effective_date ?? ctx.store.today(),
    active: true,
  };
  ctx.store.data.work_addresses[address.uuid] = address;
  ctx.store.changed();

  return c.json(workAddressView(ctx.store, address), 201);
}
