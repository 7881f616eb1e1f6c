import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import type { SandboxLocation } from '../state.js';
import { newUuid, newVersion } from '../state.js';
import { companyFor, requireScope } from './access.js';
import { readBody } from './body.js';
import type { ApiEnv } from './env.js';
import { flag, nullableText, optionalText, requiredText } from './fields.js';
import { paginate } from './pagination.js';
import { applicationUuid, companyView, locationView } from './views.js';

/** `Company-Location-Request`: `required: [phone_number, street_1, city, state, zip]`. */
const createLocationBody = z.object({
  phone_number: requiredText('Phone number').refine(
    (v) => /^[0-9]{10}$/.test(v),
    'Phone number must be 10 digits',
  ),
  street_1: requiredText('Street 1'),
  street_2: nullableText('Street 2'),
  city: requiredText('City'),
  state: requiredText('State').refine((v) => /^[A-Z]{2}$/.test(v), 'State is not a valid state'),
  zip: requiredText('Zip').refine((v) => /^\d{5}(-?\d{4})?$/.test(v), 'Zip is invalid'),
  country: optionalText('Country'),
  mailing_address: flag('Mailing address').optional(),
  filing_address: flag('Filing address').optional(),
});

/** `GET /v1/token_info`, `GET /v1/companies/{id}`, and company locations. */
export function companyRoutes(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/v1/token_info', (c) => tokenInfo(ctx, c));
  app.get('/v1/companies/:company_id', (c) => getCompany(ctx, c));
  app.get('/v1/companies/:company_id/locations', (c) => listLocations(ctx, c));
  app.post('/v1/companies/:company_id/locations', (c) => createLocation(ctx, c));

  return app;
}

/**
 * `Token-Info`: a company token names its company and the admin who authorized it; a system
 * token names its application (`Oauth::Application`) and has no owner.
 */
function tokenInfo(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  const { token, grant } = c.get('auth');
  if (!grant) {
    return c.json({
      scope: token.scope,
      resource: { type: 'Oauth::Application', uuid: applicationUuid(token.client_id) },
      resource_owner: null,
    });
  }
  const admin = ctx.store.data.admins[grant.admin_uuid];

  return c.json({
    scope: token.scope,
    resource: { type: 'Company', uuid: grant.company_uuid },
    resource_owner: admin ? { type: 'CompanyAdmin', uuid: admin.uuid } : null,
  });
}

function getCompany(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'companies:read');
  const company = companyFor(ctx, c, c.req.param('company_id') ?? '');

  return c.json(companyView(ctx.store, company));
}

function listLocations(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'companies:read');
  const company = companyFor(ctx, c, c.req.param('company_id') ?? '');
  const locations = Object.values(ctx.store.data.locations)
    .filter((l) => l.company_uuid === company.uuid)
    .sort((a, b) => a.created_at.localeCompare(b.created_at));

  return c.json(paginate(c, locations).map(locationView));
}

async function createLocation(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'companies:write');
  const company = companyFor(ctx, c, c.req.param('company_id') ?? '');
  const body = await readBody(c, createLocationBody);
  const now = ctx.store.nowIso();
  const location: SandboxLocation = {
    uuid: newUuid(),
    company_uuid: company.uuid,
    version: newVersion(),
    phone_number: body.phone_number,
    street_1: body.street_1,
    street_2: body.street_2 ?? null,
    city: body.city,
    state: body.state,
    zip: body.zip,
    country: body.country ?? 'USA',
    active: true,
    mailing_address: body.mailing_address ?? false,
    filing_address: body.filing_address ?? false,
    created_at: now,
    updated_at: now,
  };
  ctx.store.data.locations[location.uuid] = location;
  ctx.store.changed();

  return c.json(locationView(location), 201);
}
