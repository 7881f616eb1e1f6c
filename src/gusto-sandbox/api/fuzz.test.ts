import { beforeAll, describe, expect, it } from 'vitest';
import { findOperation } from '../../gusto-spec/index.js';
import type { Sandbox } from '../app.js';
import { MAX_BODY_BYTES } from './body.js';
import { implementedOperations } from './operations.js';
import {
  type CompanyFixture,
  connectCompany,
  expectContract,
  startTestSandbox,
  systemToken,
} from './test-support.js';

/*
 * Bad requests of every kind must get Gusto's error for them, never a 5xx: malformed JSON,
 * wrong types in every field, oversized bodies, odd paths and headers. Inputs come from a
 * seeded generator, so a failure replays.
 */

let sandbox: Sandbox;
let acme: CompanyFixture;
let system: string;
const ids: Record<string, string> = {};

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20260615);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const oddValues: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  '',
  ' ',
  'x'.repeat(5000),
  '2026-02-30',
  '９９９',
  '\u0000',
  "'; DROP TABLE employees;--",
  '<script>alert(1)</script>',
  [],
  [null],
  [{ uuid: 5 }],
  {},
  { nested: { deep: [1, 2, 3] } },
];

const fieldNames = [
  'first_name',
  'last_name',
  'email',
  'work_email',
  'date_of_birth',
  'ssn',
  'self_onboarding',
  'version',
  'title',
  'hire_date',
  'rate',
  'payment_unit',
  'flsa_status',
  'effective_date',
  'type',
  'wage_type',
  'start_date',
  'hourly_rate',
  'business_name',
  'ein',
  'street_1',
  'city',
  'state',
  'zip',
  'phone_number',
  'location_uuid',
  'employees',
  'contractors',
  'url',
  'subscription_types',
  'verification_token',
  'middle_initial',
  'preferred_first_name',
  'two_percent_shareholder',
  'file_new_hire_report',
  'work_state',
  'minimum_wages',
];

function randomBody(): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const count = 1 + Math.floor(random() * 8);
  for (let i = 0; i < count; i += 1) body[pick(fieldNames)] = pick(oddValues);

  return body;
}

function concretePath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => ids[name] ?? 'unknown');
}

async function send(
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(init.headers ?? {});
  if (!headers.has('authorization')) {
    headers.set(
      'authorization',
      `Bearer ${path.includes('webhook') || path.includes('events') ? system : acme.token}`,
    );
  }
  const request = new Request(`http://127.0.0.1${path}`, {
    method,
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const response = await sandbox.fetch(request);
  const text = await response.text();
  expect(response.status, `${method} ${path}`).toBeLessThan(500);

  return { status: response.status, text };
}

beforeAll(async () => {
  sandbox = startTestSandbox({ rateLimit: { limit: 1_000_000, window_ms: 60_000 } });
  acme = connectCompany(sandbox.ctx.store, 'Fuzz Co');
  system = systemToken(sandbox.ctx.store);
  const json = (body: unknown) => ({
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  ids.company_id = acme.company.uuid;
  ids.company_uuid = acme.company.uuid;
  const employee = await send(
    'POST',
    `/v1/companies/${acme.company.uuid}/employees`,
    json({ first_name: 'F', last_name: 'Z' }),
  );
  ids.employee_id = JSON.parse(employee.text).uuid;
  const job = await send(
    'POST',
    `/v1/employees/${ids.employee_id}/jobs`,
    json({ title: 'T', hire_date: '2026-01-01' }),
  );
  ids.job_id = JSON.parse(job.text).uuid;
  ids.compensation_id = JSON.parse(job.text).compensations[0].uuid;
  const contractor = await send(
    'POST',
    `/v1/companies/${acme.company.uuid}/contractors`,
    json({ type: 'Business', wage_type: 'Fixed', business_name: 'B', start_date: '2026-01-01' }),
  );
  ids.contractor_uuid = JSON.parse(contractor.text).uuid;
  const department = await send(
    'POST',
    `/v1/companies/${acme.company.uuid}/departments`,
    json({ title: 'D' }),
  );
  ids.department_uuid = JSON.parse(department.text).uuid;
});

describe('fuzzing the API', () => {
  const writes = implementedOperations.filter((op) => op.method === 'POST' || op.method === 'PUT');

  it('answers random field values in every write with 2xx or a Gusto 4xx, never 5xx', async () => {
    for (let round = 0; round < 12; round += 1) {
      for (const op of writes) {
        const path = concretePath(op.path);
        const body = randomBody();
        const answer = await send(op.method, path, {
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        const parsed = answer.text === '' ? undefined : JSON.parse(answer.text);
        if (answer.status !== 413) expectContract(op.method, path, answer.status, parsed);
      }
    }
  });

  it('refuses malformed JSON and non-object JSON with a Gusto 422', async () => {
    const path = `/v1/companies/${acme.company.uuid}/employees`;
    for (const body of ['{', '{"first_name": }', 'null', '[]', '"text"', '42', '{"a":1}}']) {
      const answer = await send('POST', path, {
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status, body).toBe(422);
      expect(JSON.parse(answer.text)).toMatchObject({
        errors: [{ category: 'invalid_request_error' }],
      });
    }
  });

  it('refuses a body over the cap with 413, declared or streamed', async () => {
    const path = `/v1/companies/${acme.company.uuid}/employees`;
    const huge = JSON.stringify({ first_name: 'x'.repeat(MAX_BODY_BYTES), last_name: 'y' });
    const declared = await send('POST', path, {
      body: huge,
      headers: { 'content-type': 'application/json' },
    });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i += 1) controller.enqueue(new Uint8Array(128 * 1024).fill(32));
        controller.close();
      },
    });
    const streamed = await sandbox.fetch(
      new Request(`http://127.0.0.1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acme.token}` },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );

    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text).errors[0].category).toBe('invalid_request_error');
    expect(streamed.status).toBe(413);
  });

  it('answers odd paths, methods and headers without a 5xx', async () => {
    const paths = [
      '/v1/',
      '/v1//employees',
      '/v1/employees/%00',
      '/v1/employees/..%2F..%2Fetc%2Fpasswd',
      `/v1/employees/${'a'.repeat(4000)}`,
      '/v1/companies/%E2%98%83/employees?page=-1&per=1e9&onboarded[]=x',
      '/v1/events?limit=abc&starting_after_uuid=nope&event_type=((((',
      '/v1/jobs/%ZZ',
      '/v1/token_info?x=%',
    ];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
        await send(method, path, method === 'GET' || method === 'DELETE' ? {} : { body: '{}' });
      }
    }
    const headerSets: Record<string, string>[] = [
      { authorization: 'Bearer' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: `Bearer ${acme.token} extra` },
      { authorization: `bearer ${acme.token}`, 'x-gusto-api-version': 'x'.repeat(10_000) },
      { authorization: `Bearer ${acme.token}`, 'x-gusto-api-version': '' },
      { authorization: `Bearer ${acme.token}`, 'content-type': 'text/plain' },
      { authorization: `Bearer ${acme.token}`, 'content-length': 'abc' },
    ];
    for (const headers of headerSets) {
      await send('POST', `/v1/companies/${acme.company.uuid}/employees`, {
        body: '{"first_name":"a"}',
        headers,
      });
      await send('GET', '/v1/token_info', { headers });
    }
  });

  it('keeps every implemented operation found in the documents', () => {
    for (const op of implementedOperations) expect(findOperation(op.method, op.path)).toBeDefined();
  });
});
