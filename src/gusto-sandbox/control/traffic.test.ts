import { afterEach, describe, expect, it } from 'vitest';
import { connectCompany, startTestSandbox } from '../api/test-support.js';
import { type ListeningSandbox, listenSandbox } from '../app.js';
import { globMatches } from './traffic.js';

let server: ListeningSandbox | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function setup() {
  const sandbox = startTestSandbox();
  const acme = connectCompany(sandbox.ctx.store, 'Acme');
  const control = (method: string, path: string, body?: unknown) =>
    sandbox.fetch(
      new Request(`http://127.0.0.1/__sandbox${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  const createEmployee = (base = 'http://127.0.0.1', doFetch = sandbox.fetch) =>
    doFetch(
      new Request(`${base}/v1/companies/${acme.company.uuid}/employees`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acme.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ first_name: 'Ada', last_name: 'Lovelace' }),
      }),
    );
  const employees = () => Object.keys(sandbox.ctx.store.data.employees).length;

  return { sandbox, acme, control, createEmployee, employees };
}

const employeesPath = '/v1/companies/*/employees';

describe('globMatches', () => {
  it('matches * within a segment and ** across segments', () => {
    expect(globMatches('/v1/companies/*/employees', '/v1/companies/abc/employees')).toBe(true);
    expect(globMatches('/v1/companies/*/employees', '/v1/companies/a/b/employees')).toBe(false);
    expect(globMatches('/v1/**', '/v1/companies/a/employees')).toBe(true);
  });
});

describe('faults', () => {
  it('"before" answers the status in Gusto\'s shape without running the request', async () => {
    const { control, createEmployee, employees } = setup();
    const before = employees();
    const set = await control('POST', '/faults', {
      method: 'POST',
      path: employeesPath,
      status: 502,
    });
    const failed = await createEmployee();
    const next = await createEmployee();

    expect(set.status).toBe(201);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ errors: [{ category: 'internal_error' }] });
    expect(next.status).toBe(201);
    expect(employees()).toBe(before + 1);
  });

  it('"after" stores the effect, then answers the status', async () => {
    const { control, createEmployee, employees } = setup();
    const before = employees();
    await control('POST', '/faults', {
      method: 'POST',
      path: employeesPath,
      status: 500,
      when: 'after',
    });
    const failed = await createEmployee();

    expect(failed.status).toBe(500);
    expect(employees()).toBe(before + 1);
  });

  it('"drop" stores the effect and rejects the in-process fetch as if closed', async () => {
    const { control, createEmployee, employees } = setup();
    const before = employees();
    await control('POST', '/faults', {
      method: 'POST',
      path: employeesPath,
      status: 502,
      when: 'drop',
    });

    await expect(createEmployee()).rejects.toThrow(TypeError);
    expect(employees()).toBe(before + 1);
  });

  it('"drop" destroys the socket on the real HTTP server', async () => {
    const { sandbox, control, createEmployee, employees } = setup();
    server = await listenSandbox(sandbox);
    const before = employees();
    await control('POST', '/faults', {
      method: 'POST',
      path: employeesPath,
      status: 502,
      when: 'drop',
      times: 2,
    });

    await expect(createEmployee(server.url, fetch)).rejects.toThrow(TypeError);
    await expect(createEmployee(server.url, fetch)).rejects.toThrow(TypeError);
    const after = await createEmployee(server.url, fetch);
    expect(after.status).toBe(201);
    expect(employees()).toBe(before + 3);
  });

  it('delay_ms holds the answer back; DELETE clears the faults', async () => {
    const { control, createEmployee } = setup();
    await control('POST', '/faults', {
      method: 'POST',
      path: employeesPath,
      status: 503,
      delay_ms: 150,
      times: 5,
    });
    const started = Date.now();
    const delayed = await createEmployee();
    const elapsed = Date.now() - started;
    const cleared = await control('DELETE', '/faults');
    const normal = await createEmployee();

    expect(delayed.status).toBe(503);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(cleared.status).toBe(204);
    expect(normal.status).toBe(201);
  });

  it('refuses a malformed fault with 400', async () => {
    const { control } = setup();
    const refused = await control('POST', '/faults', { path: 'no-slash', status: 'x' });

    expect(refused.status).toBe(400);
  });
});

describe('request log', () => {
  it('lists requests oldest first with status and company, leaving out /__sandbox', async () => {
    const { control, createEmployee, acme } = setup();
    await control('POST', '/faults', {
      method: 'POST',
      path: employeesPath,
      status: 502,
      when: 'drop',
    });
    await createEmployee().catch(() => undefined);
    await createEmployee();
    const log = await (await control('GET', '/requests')).json();

    expect(log).toEqual([
      {
        method: 'POST',
        path: `/v1/companies/${acme.company.uuid}/employees`,
        status: 201,
        company_uuid: acme.company.uuid,
        at: expect.any(String),
      },
      {
        method: 'POST',
        path: `/v1/companies/${acme.company.uuid}/employees`,
        status: 201,
        company_uuid: acme.company.uuid,
        at: expect.any(String),
      },
    ]);
  });
});
