import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../app.js';
import { type CompanyFixture, call, connectCompany, startTestSandbox } from './test-support.js';

let sandbox: Sandbox;
let acme: CompanyFixture;

beforeEach(() => {
  sandbox = startTestSandbox();
  acme = connectCompany(sandbox.ctx.store, 'Acme Test Co');
});

function create(body: object, invalidBody = false) {
  return call(sandbox, 'POST', `/v1/companies/${acme.company.uuid}/contractors`, {
    token: acme.token,
    body,
    invalidBody,
  });
}

function errorKeys(body: { errors: { error_key: string }[] }): string[] {
  return body.errors.map((e) => e.error_key).sort();
}

const individual = {
  type: 'Individual',
  wage_type: 'Hourly',
  hourly_rate: '40.0',
  first_name: 'Kai',
  last_name: 'Nakamura',
  start_date: '2026-02-01',
};

describe('POST /v1/companies/{company_uuid}/contractors', () => {
  it('creates an hourly Individual and a fixed Business, as onboarding contractors', async () => {
    const person = await create({
      ...individual,
      self_onboarding: true,
      email: 'kai@example.test',
    });
    const business = await create({
      type: 'Business',
      wage_type: 'Fixed',
      business_name: 'Tern & Co',
      ein: '12-3450001',
      first_name: 'Ignored',
      start_date: '2026-02-01',
    });

    expect(person.status).toBe(201);
    expect(person.body).toMatchObject({
      hourly_rate: '40.00',
      onboarded: false,
      onboarding_status: 'self_onboarding_not_invited',
      is_active: true,
    });
    expect(business.body).toMatchObject({
      business_name: 'Tern & Co',
      first_name: null,
      hourly_rate: '0.00',
      ein: 'XX-XXX0001',
      has_ein: true,
      onboarding_status: 'admin_onboarding_incomplete',
    });
    const stored = sandbox.ctx.store.data.contractors[person.body.uuid];
    expect(stored?.created_by_grant).toBe(acme.grant.id);
  });

  it('applies the rules by type and wage_type', async () => {
    const hourly = await create({ ...individual, hourly_rate: undefined });
    const names = await create({
      type: 'Individual',
      wage_type: 'Fixed',
      start_date: '2026-02-01',
    });
    const business = await create({
      type: 'Business',
      wage_type: 'Fixed',
      start_date: '2026-02-01',
    });
    const report = await create({ ...individual, file_new_hire_report: true });
    const invite = await create({ ...individual, self_onboarding: true });

    expect(errorKeys(hourly.body)).toEqual(['hourly_rate']);
    expect(errorKeys(names.body)).toEqual(['first_name', 'last_name']);
    expect(errorKeys(business.body)).toEqual(['business_name']);
    expect(errorKeys(report.body)).toEqual(['work_state']);
    expect(errorKeys(invite.body)).toEqual(['email']);
  });

  it('refuses missing required fields, bad enums, dates, SSNs and wrong types', async () => {
    const refused = await create(
      { type: 'Person', start_date: '01/02/2026', ssn: '12345', self_onboarding: 'yes' },
      true,
    );

    expect(refused.status).toBe(422);
    expect(errorKeys(refused.body)).toEqual([
      'self_onboarding',
      'ssn',
      'start_date',
      'type',
      'wage_type',
    ]);
  });

  it('refuses an email an employee of the company already uses', async () => {
    await call(sandbox, 'POST', `/v1/companies/${acme.company.uuid}/employees`, {
      token: acme.token,
      body: { first_name: 'Kai', last_name: 'Nakamura', email: 'kai@example.test' },
    });
    const refused = await create({ ...individual, email: 'Kai@Example.test' });

    expect(refused.status).toBe(422);
    expect(errorKeys(refused.body)).toEqual(['email']);
  });
});

describe('list, get and update', () => {
  it('lists with search and paging, gets, updates with version, rechecks the rules', async () => {
    const created = await create(individual);
    await create({
      type: 'Business',
      wage_type: 'Fixed',
      business_name: 'Tern & Co',
      start_date: '2026-02-01',
    });
    const base = `/v1/companies/${acme.company.uuid}/contractors`;
    const searched = await call(sandbox, 'GET', `${base}?search_term=tern`, { token: acme.token });
    const paged = await call(sandbox, 'GET', `${base}?per=1&page=2`, { token: acme.token });
    const path = `/v1/contractors/${created.body.uuid}`;
    const got = await call(sandbox, 'GET', path, { token: acme.token });
    const updated = await call(sandbox, 'PUT', path, {
      token: acme.token,
      body: { version: got.body.version, hourly_rate: '55' },
    });
    const broken = await call(sandbox, 'PUT', path, {
      token: acme.token,
      body: { version: updated.body.version, type: 'Business' },
    });
    const stale = await call(sandbox, 'PUT', path, {
      token: acme.token,
      body: { version: got.body.version, hourly_rate: '56' },
    });

    expect(searched.body.map((p: { business_name: string }) => p.business_name)).toEqual([
      'Tern & Co',
    ]);
    expect(paged.body).toHaveLength(1);
    expect(paged.headers.get('x-total-pages')).toBe('2');
    expect(updated.body.hourly_rate).toBe('55.00');
    expect(broken.status).toBe(422);
    expect(errorKeys(broken.body)).toEqual(['business_name']);
    expect(stale.status).toBe(409);
  });

  it("refuses another company's contractor with 403", async () => {
    const other = connectCompany(sandbox.ctx.store, 'Other Co');
    const created = await create(individual);
    const got = await call(sandbox, 'GET', `/v1/contractors/${created.body.uuid}`, {
      token: other.token,
    });

    expect(got.status).toBe(403);
  });
});
