import { GustoEmbeddedCore } from '@gusto/embedded-api-v-2026-06-15/core.js';
import { employeesCreate } from '@gusto/embedded-api-v-2026-06-15/funcs/employeesCreate.js';
import { HTTPClient } from '@gusto/embedded-api-v-2026-06-15/lib/http.js';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createContractFetch } from './contract-fetch.js';

const companyId = '0c2b3d6e-1f4a-4b5c-8d9e-0a1b2c3d4e5f';
const employeeId = '7f1e2d3c-4b5a-4968-8776-655443322110';
const employeesPath = `/v1/companies/${companyId}/employees`;

const createdEmployee = {
  uuid: employeeId,
  first_name: 'Ada',
  last_name: 'Quill',
  company_uuid: companyId,
  version: 'a5cec1f1c0135feb3e76ca6ea3c46176',
  onboarded: false,
  onboarding_status: 'admin_onboarding_incomplete',
  jobs: [],
};

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** A handler in the style of a Hono app's `app.fetch`: one Request in, one Response out. */
function answering(response: () => Response): (request: Request) => Promise<Response> {
  return async (request) => {
    await request.text();

    return response();
  };
}

function postJson(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

describe('createContractFetch', () => {
  it('records nothing for a conforming exchange and notes its operationId', async () => {
    const contract = createContractFetch(answering(() => json(createdEmployee, 201)));

    const response = await contract(employeesPath, postJson({ first_name: 'Ada', last_name: 'Q' }));

    expect(response.status).toBe(201);
    expect(contract.violations).toEqual([]);
    expect(contract.operationsSeen).toEqual(['post-v1-employees']);
  });

  it('records a bad request body and a bad response, and the caller still reads the body', async () => {
    const badEmployee = { ...createdEmployee, onboarding_status: 'bogus' };
    const contract = createContractFetch(answering(() => json(badEmployee, 201)));

    const response = await contract(
      `http://127.0.0.1${employeesPath}`,
      postJson({ first_name: 'Ada', last_name: 'Quill', ssn: '12-345' }),
    );

    expect(await response.json()).toEqual(badEmployee);
    expect(contract.violations.map(({ direction }) => direction)).toEqual(['request', 'response']);
    expect(contract.violations[0]?.errors.join('\n')).toContain('/ssn');
    expect(contract.violations[1]).toMatchObject({ status: 201, operationId: 'post-v1-employees' });
    expect(contract.violations[1]?.errors.join('\n')).toContain('/onboarding_status');
  });

  it('records query parameters of the wrong type', async () => {
    const contract = createContractFetch(answering(() => json([])));

    await contract(`${employeesPath}?per=ten&onboarded=true`);

    expect(contract.violations).toHaveLength(1);
    expect(contract.violations[0]?.errors).toEqual(['query /per must be integer']);
  });

  it('records malformed JSON and JSON sent without a JSON content type, either way', async () => {
    const contract = createContractFetch(
      answering(() => new Response(JSON.stringify(createdEmployee), { status: 201 })),
    );

    await contract(employeesPath, { ...postJson(null), body: '{"first_name":' });
    await contract(employeesPath, { method: 'POST', body: '{"first_name":"Ada"}' });

    expect(contract.violations.map(({ errors }) => errors)).toEqual([
      ['request body: not valid JSON'],
      [expect.stringContaining('JSON body sent as text/plain')],
      ['request body: content type text/plain is not declared'],
      [expect.stringContaining('JSON body sent as text/plain')],
    ]);
  });

  it('leaves paths outside the Gusto API unchecked', async () => {
    const contract = createContractFetch(answering(() => new Response('<html></html>')));

    await contract('/__sandbox/requests');
    await contract('/oauth/authorize?client_id=x');

    expect(contract.violations).toEqual([]);
    expect(contract.operationsSeen).toEqual([]);
  });

  it('checks form-encoded token requests against the token schemas', async () => {
    const token = { access_token: 'a', token_type: 'Bearer', created_at: 1, expires_in: 7200 };
    const contract = createContractFetch(answering(() => json(token)));
    const form = (fields: Record<string, string>): RequestInit => ({
      method: 'POST',
      body: new URLSearchParams(fields),
    });

    await contract('/oauth/token', form({ grant_type: 'authorization_code', code: 'c' }));

    expect(contract.violations).toHaveLength(1);
    expect(contract.violations[0]?.errors).toEqual(
      expect.arrayContaining([expect.stringContaining('/client_id is required')]),
    );
  });

  it('serves as the fetcher of Gusto SDK calls', async () => {
    const seen: string[] = [];
    const contract = createContractFetch(async (request) => {
      seen.push(`${request.method} ${new URL(request.url).pathname}`);
      await request.text();

      return json(createdEmployee, 201);
    });
    const sdk = new GustoEmbeddedCore({
      httpClient: new HTTPClient({ fetcher: contract }),
      serverURL: 'http://127.0.0.1:9',
      companyAccessAuth: 'token',
    });

    const result = await employeesCreate(sdk, {
      companyId,
      requestBody: { firstName: 'Ada', lastName: 'Quill', ssn: '123456789' },
    });

    expect(result.ok).toBe(true);
    expect(seen).toEqual([`POST ${employeesPath}`]);
    expect(contract.operationsSeen).toEqual(['post-v1-employees']);
    expect(contract.violations).toEqual([]);
  });

  it("wraps a Hono app's fetch and hands back a streamed body whole", async () => {
    const app = new Hono();
    app.get('/v1/employees/:employee_id', (c) => {
      const chunks = [
        JSON.stringify(createdEmployee).slice(0, 20),
        JSON.stringify(createdEmployee).slice(20),
      ];
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
          controller.close();
        },
      });

      return c.body(stream, 200, { 'content-type': 'application/json' });
    });
    const contract = createContractFetch(app.fetch);

    const response = await contract(`/v1/employees/${employeeId}`);

    expect(await response.json()).toEqual(createdEmployee);
    expect(contract.violations).toEqual([]);
    expect(contract.operationsSeen).toEqual(['get-v1-employees']);
  });
});
