import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../app.js';
import { type CompanyFixture, call, connectCompany, startTestSandbox } from './test-support.js';

let sandbox: Sandbox;
let acme: CompanyFixture;
let other: CompanyFixture;
let employeeId: string;

beforeEach(async () => {
  sandbox = startTestSandbox();
  acme = connectCompany(sandbox.ctx.store, 'Acme Test Co');
  other = connectCompany(sandbox.ctx.store, 'Other Test Co');
  const created = await call(sandbox, 'POST', `/v1/companies/${acme.company.uuid}/employees`, {
    token: acme.token,
    body: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.test' },
  });
  employeeId = created.body.uuid;
});

function locationOf(fixture: CompanyFixture): string {
  const location = Object.values(sandbox.ctx.store.data.locations).find(
    (l) => l.company_uuid === fixture.company.uuid,
  );
  return location?.uuid ?? '';
}

describe('locations', () => {
  it('creates and lists a location, refusing a bad phone number and missing fields', async () => {
    const path = `/v1/companies/${acme.company.uuid}/locations`;
    const body = {
      phone_number: '5125550100',
      street_1: '2 Oak Ave',
      city: 'Austin',
      state: 'TX',
      zip: '78701',
    };
    const created = await call(sandbox, 'POST', path, { token: acme.token, body });
    const refused = await call(sandbox, 'POST', path, {
      token: acme.token,
      body: { phone_number: '555-0100', street_1: '2 Oak Ave' },
      invalidBody: true,
    });
    const listed = await call(sandbox, 'GET', path, { token: acme.token });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, country: 'USA', active: true });
    expect(refused.status).toBe(422);
    const keys = refused.body.errors.map((e: { error_key: string }) => e.error_key).sort();
    expect(keys).toEqual(['city', 'phone_number', 'state', 'zip']);
    expect(listed.body).toHaveLength(2);
  });
});

describe('departments', () => {
  it('creates, refuses a duplicate title, adds and removes people by current version', async () => {
    const base = `/v1/companies/${acme.company.uuid}/departments`;
    const created = await call(sandbox, 'POST', base, {
      token: acme.token,
      body: { title: 'Research' },
    });
    const duplicate = await call(sandbox, 'POST', base, {
      token: acme.token,
      body: { title: 'research' },
    });
    const path = `/v1/departments/${created.body.uuid}`;
    const added = await call(sandbox, 'PUT', `${path}/add`, {
      token: acme.token,
      body: { version: created.body.version, employees: [{ uuid: employeeId }] },
    });
    const stale = await call(sandbox, 'PUT', `${path}/remove`, {
      token: acme.token,
      body: { version: created.body.version, employees: [{ uuid: employeeId }] },
    });
    const employee = await call(sandbox, 'GET', `/v1/employees/${employeeId}`, {
      token: acme.token,
    });
    const removed = await call(sandbox, 'PUT', `${path}/remove`, {
      token: acme.token,
      body: { version: added.body.version, employees: [{ uuid: employeeId }] },
    });
    const listed = await call(sandbox, 'GET', base, { token: acme.token });

    expect(created.status).toBe(201);
    expect(duplicate.status).toBe(422);
    expect(added.body.employees).toEqual([{ uuid: employeeId }]);
    expect(employee.body).toMatchObject({
      department: 'Research',
      department_uuid: created.body.uuid,
    });
    expect(stale.status).toBe(409);
    expect(removed.body.employees).toEqual([]);
    expect(listed.body).toHaveLength(1);
  });

  it("refuses another company's people with 422 and its department with 403", async () => {
    const base = `/v1/companies/${acme.company.uuid}/departments`;
    const mine = await call(sandbox, 'POST', base, { token: acme.token, body: { title: 'Ops' } });
    const theirs = await call(sandbox, 'POST', `/v1/companies/${other.company.uuid}/departments`, {
      token: other.token,
      body: { title: 'Ops' },
    });
    const stranger = await call(sandbox, 'PUT', `/v1/departments/${mine.body.uuid}/add`, {
      token: acme.token,
      body: { version: mine.body.version, contractors: [{ uuid: 'not-a-contractor' }] },
    });
    const forbidden = await call(sandbox, 'GET', `/v1/departments/${theirs.body.uuid}`, {
      token: acme.token,
    });

    expect(stranger.status).toBe(422);
    expect(forbidden.status).toBe(403);
  });
});

describe('home and work addresses', () => {
  it('creates and lists addresses, refusing an unknown location and a bad date', async () => {
    const home = `/v1/employees/${employeeId}/home_addresses`;
    const work = `/v1/employees/${employeeId}/work_addresses`;
    const created = await call(sandbox, 'POST', home, {
      token: acme.token,
      body: {
        street_1: '3 Elm St',
        city: 'Austin',
        state: 'TX',
        zip: '78702',
        effective_date: '2024-01-01',
      },
    });
    const badDate = await call(sandbox, 'POST', home, {
      token: acme.token,
      body: {
        street_1: '3 Elm St',
        city: 'Austin',
        state: 'TX',
        zip: '78702',
        effective_date: '2024-13-01',
      },
      invalidBody: true,
    });
    const placed = await call(sandbox, 'POST', work, {
      token: acme.token,
      body: { location_uuid: locationOf(acme) },
    });
    const elsewhere = await call(sandbox, 'POST', work, {
      token: acme.token,
      body: { location_uuid: locationOf(other) },
    });
    const homes = await call(sandbox, 'GET', home, { token: acme.token });
    const works = await call(sandbox, 'GET', work, { token: acme.token });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ active: true, country: 'USA', employee_uuid: employeeId });
    expect(badDate.status).toBe(422);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ city: 'San Francisco', active: true });
    expect(elsewhere.status).toBe(422);
    expect(homes.body).toHaveLength(1);
    expect(works.body).toHaveLength(1);
  });
});

describe('jobs and compensations', () => {
  it('creates a job with the default 0.00 Hour Nonexempt pay, then updates it', async () => {
    const created = await call(sandbox, 'POST', `/v1/employees/${employeeId}/jobs`, {
      token: acme.token,
      body: { title: 'Engineer', hire_date: '2026-01-05' },
    });
    const job = created.body;
    const compensation = job.compensations[0];
    const updated = await call(sandbox, 'PUT', `/v1/compensations/${compensation.uuid}`, {
      token: acme.token,
      body: {
        version: compensation.version,
        rate: '98000',
        payment_unit: 'Year',
        flsa_status: 'Exempt',
      },
    });
    const reread = await call(sandbox, 'GET', `/v1/jobs/${job.uuid}`, { token: acme.token });
    const employee = await call(sandbox, 'GET', `/v1/employees/${employeeId}`, {
      token: acme.token,
    });

    expect(created.status).toBe(201);
    expect(job).toMatchObject({ primary: true, rate: '0.00', payment_unit: 'Hour' });
    expect(compensation).toMatchObject({
      rate: '0.00',
      payment_unit: 'Hour',
      flsa_status: 'Nonexempt',
    });
    expect(job.current_compensation_uuid).toBe(compensation.uuid);
    expect(updated.body).toMatchObject({
      rate: '98000.00',
      payment_unit: 'Year',
      flsa_status: 'Exempt',
    });
    expect(reread.body).toMatchObject({ rate: '98000.00', payment_unit: 'Year' });
    expect(employee.body.jobs).toHaveLength(1);
    expect(employee.body).toMatchObject({ title: 'Engineer', hired_at: '2026-01-05' });
  });

  it('refuses a job without title or a real hire date, and a stale job version', async () => {
    const refused = await call(sandbox, 'POST', `/v1/employees/${employeeId}/jobs`, {
      token: acme.token,
      body: { hire_date: '2026-02-30' },
      invalidBody: true,
    });
    const created = await call(sandbox, 'POST', `/v1/employees/${employeeId}/jobs`, {
      token: acme.token,
      body: { title: 'Engineer', hire_date: '2026-01-05' },
    });
    const path = `/v1/jobs/${created.body.uuid}`;
    const renamed = await call(sandbox, 'PUT', path, {
      token: acme.token,
      body: { version: created.body.version, title: 'Staff Engineer' },
    });
    const stale = await call(sandbox, 'PUT', path, {
      token: acme.token,
      body: { version: created.body.version, title: 'Late' },
    });

    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { error_key: string }) => e.error_key).sort()).toEqual([
      'hire_date',
      'title',
    ]);
    expect(renamed.body.title).toBe('Staff Engineer');
    expect(stale.status).toBe(409);
  });

  it('adds a compensation on a new date, refusing a same-date one and bad enums', async () => {
    const job = await call(sandbox, 'POST', `/v1/employees/${employeeId}/jobs`, {
      token: acme.token,
      body: { title: 'Engineer', hire_date: '2026-01-05' },
    });
    const path = `/v1/jobs/${job.body.uuid}/compensations`;
    const raise = await call(sandbox, 'POST', path, {
      token: acme.token,
      body: {
        rate: '45.50',
        payment_unit: 'Hour',
        flsa_status: 'Nonexempt',
        effective_date: '2026-06-01',
      },
    });
    const sameDay = await call(sandbox, 'POST', path, {
      token: acme.token,
      body: {
        rate: '46.00',
        payment_unit: 'Hour',
        flsa_status: 'Nonexempt',
        effective_date: '2026-06-01',
      },
    });
    const badEnum = await call(sandbox, 'POST', path, {
      token: acme.token,
      body: { rate: 'lots', payment_unit: 'Fortnight', flsa_status: 'Exempt' },
      invalidBody: true,
    });
    const listed = await call(sandbox, 'GET', path, { token: acme.token });
    const one = await call(sandbox, 'GET', `/v1/compensations/${raise.body.uuid}`, {
      token: acme.token,
    });
    const forbidden = await call(sandbox, 'GET', `/v1/compensations/${raise.body.uuid}`, {
      token: other.token,
    });

    expect(raise.status).toBe(201);
    expect(raise.body).toMatchObject({
      rate: '45.50',
      job_uuid: job.body.uuid,
      employee_uuid: employeeId,
    });
    expect(sameDay.status).toBe(422);
    expect(badEnum.body.errors.map((e: { error_key: string }) => e.error_key).sort()).toEqual([
      'payment_unit',
      'rate',
    ]);
    expect(listed.body).toHaveLength(2);
    expect(one.body.uuid).toBe(raise.body.uuid);
    expect(forbidden.status).toBe(403);
  });
});
