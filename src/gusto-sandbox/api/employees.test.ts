import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../app.js';
import { type CompanyFixture, call, connectCompany, startTestSandbox } from './test-support.js';

let sandbox: Sandbox;
let acme: CompanyFixture;
let other: CompanyFixture;

beforeEach(() => {
  sandbox = startTestSandbox();
  acme = connectCompany(sandbox.ctx.store, 'Acme Test Co');
  other = connectCompany(sandbox.ctx.store, 'Other Test Co');
});

const ada = { first_name: 'Ada', last_name: "O'Brien-Lovelace", email: 'ada@example.test' };

function createEmployee(body: object, fixture = acme) {
  return call(sandbox, 'POST', `/v1/companies/${fixture.company.uuid}/employees`, {
    token: fixture.token,
    body,
  });
}

describe('POST /v1/companies/{company_id}/employees', () => {
  it('creates an onboarding employee and keeps every character of the names', async () => {
    const created = await createEmployee({
      ...ada,
      self_onboarding: true,
      date_of_birth: '1990-02-28',
    });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      first_name: 'Ada',
      last_name: "O'Brien-Lovelace",
      company_uuid: acme.company.uuid,
      onboarded: false,
      onboarding_status: 'self_onboarding_pending_invite',
      terminated: false,
      jobs: [],
    });
    const stored = sandbox.ctx.store.data.employees[created.body.uuid];
    expect(stored?.created_by_grant).toBe(acme.grant.id);
  });

  it('starts admin onboarding when self_onboarding is false or absent', async () => {
    const created = await createEmployee({ first_name: 'Bo', last_name: 'Chen' });

    expect(created.body.onboarding_status).toBe('admin_onboarding_incomplete');
  });

  it('refuses missing names, bad dates, SSNs and emails with one error per field', async () => {
    const refused = await call(sandbox, 'POST', `/v1/companies/${acme.company.uuid}/employees`, {
      token: acme.token,
      body: { email: 'not-an-email', date_of_birth: '1990-02-30', ssn: '123-45-6789' },
      invalidBody: true,
    });

    expect(refused.status).toBe(422);
    const keys = refused.body.errors.map((e: { error_key: string }) => e.error_key).sort();
    expect(keys).toEqual(['date_of_birth', 'email', 'first_name', 'last_name', 'ssn']);
    expect(refused.body.errors[0].category).toBe('invalid_attribute_value');
  });

  it('requires an email with self_onboarding', async () => {
    const refused = await createEmployee({
      first_name: 'Cy',
      last_name: 'Dee',
      self_onboarding: true,
    });

    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({ error_key: 'email' });
  });

  it('refuses a personal email another person of the company uses, ignoring case', async () => {
    await createEmployee(ada);
    const refused = await createEmployee({ ...ada, email: 'ADA@example.test' });
    const elsewhere = await createEmployee(ada, other);

    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({
      error_key: 'email',
      category: 'invalid_attribute_value',
    });
    expect(elsewhere.status).toBe(201);
  });

  it("refuses another company's path with 403 and an unknown company with 404", async () => {
    const forbidden = await createEmployee(ada, { ...acme, company: other.company });
    const missing = await call(sandbox, 'GET', '/v1/companies/nope/employees', {
      token: acme.token,
    });

    expect(forbidden.status).toBe(403);
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]).toMatchObject({ error_key: 'request', category: 'not_found' });
  });
});

describe('GET /v1/companies/{company_id}/employees', () => {
  beforeEach(async () => {
    for (const [first, last] of [
      ['Ada', 'Lovelace'],
      ['Grace', 'Hopper'],
      ['Alan', 'Turing'],
    ]) {
      await createEmployee({ first_name: first, last_name: last });
    }
    const grace = Object.values(sandbox.ctx.store.data.employees).find(
      (e) => e.first_name === 'Grace',
    );
    if (grace) grace.onboarded = true;
  });

  it('pages with Gusto headers', async () => {
    const path = `/v1/companies/${acme.company.uuid}/employees?page=2&per=2`;
    const page = await call(sandbox, 'GET', path, { token: acme.token });

    expect(page.body.map((e: { first_name: string }) => e.first_name)).toEqual(['Alan']);
    expect(page.headers.get('x-total-count')).toBe('3');
    expect(page.headers.get('x-total-pages')).toBe('2');
    expect(page.headers.get('x-page')).toBe('2');
    expect(page.headers.get('x-per-page')).toBe('2');
  });

  it('filters by search_term, onboarded and terminated', async () => {
    const base = `/v1/companies/${acme.company.uuid}/employees`;
    const searched = await call(sandbox, 'GET', `${base}?search_term=hop`, { token: acme.token });
    const onboarded = await call(sandbox, 'GET', `${base}?onboarded=false`, { token: acme.token });
    const terminated = await call(sandbox, 'GET', `${base}?terminated=true`, { token: acme.token });

    expect(searched.body.map((e: { last_name: string }) => e.last_name)).toEqual(['Hopper']);
    expect(onboarded.body).toHaveLength(2);
    expect(terminated.body).toHaveLength(0);
  });

  it('ignores a malformed flag or page, as the list declares no 422', async () => {
    const base = `/v1/companies/${acme.company.uuid}/employees`;
    const flag = await call(sandbox, 'GET', `${base}?onboarded=yes`, { token: acme.token });
    const page = await call(sandbox, 'GET', `${base}?page=0&per=x`, { token: acme.token });

    expect([flag.body.length, page.body.length]).toEqual([3, 3]);
    expect(page.headers.get('x-page')).toBe('1');
  });
});

describe('GET, PUT and DELETE /v1/employees/{employee_id}', () => {
  it('gets, updates with the current version, and refuses a stale or missing one with 409', async () => {
    const created = await createEmployee(ada);
    const path = `/v1/employees/${created.body.uuid}`;
    const got = await call(sandbox, 'GET', path, { token: acme.token });
    const updated = await call(sandbox, 'PUT', path, {
      token: acme.token,
      body: {
        version: got.body.version,
        preferred_first_name: 'Addie',
        two_percent_shareholder: false,
      },
    });
    const stale = await call(sandbox, 'PUT', path, {
      token: acme.token,
      body: { version: got.body.version, first_name: 'Late' },
    });
    const missing = await call(sandbox, 'PUT', path, {
      token: acme.token,
      body: { first_name: 'NoVersion' },
      invalidBody: true,
    });

    expect(got.body.email).toBe('ada@example.test');
    expect(updated.status).toBe(200);
    expect(updated.body.preferred_first_name).toBe('Addie');
    expect(updated.body.version).not.toBe(got.body.version);
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].category).toBe('invalid_resource_version');
    expect(missing.status).toBe(409);
  });

  it("refuses another company's employee with 403", async () => {
    const created = await createEmployee(ada, other);
    const got = await call(sandbox, 'GET', `/v1/employees/${created.body.uuid}`, {
      token: acme.token,
    });

    expect(got.status).toBe(403);
  });

  it('deletes an onboarding employee and refuses an onboarded one with 422', async () => {
    const first = await createEmployee(ada);
    const second = await createEmployee({ first_name: 'Bo', last_name: 'Chen' });
    const stored = sandbox.ctx.store.data.employees[second.body.uuid];
    if (stored) stored.onboarded = true;

    const deleted = await call(sandbox, 'DELETE', `/v1/employees/${first.body.uuid}`, {
      token: acme.token,
    });
    const gone = await call(sandbox, 'GET', `/v1/employees/${first.body.uuid}`, {
      token: acme.token,
    });
    const kept = await call(sandbox, 'DELETE', `/v1/employees/${second.body.uuid}`, {
      token: acme.token,
    });

    expect(deleted.status).toBe(204);
    expect(gone.status).toBe(404);
    expect(kept.status).toBe(422);
    expect(kept.body.errors[0]).toMatchObject({ category: 'invalid_operation' });
  });
});
