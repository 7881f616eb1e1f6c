import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { GustoContext } from './call-gusto.js';
import { addPeopleToDepartment, getCompany, getTokenInfo, listLocations } from './company.js';
import {
  GustoConflictError,
  GustoForbiddenError,
  GustoNotFoundError,
  GustoRateLimitedError,
  GustoServerError,
  GustoUnauthorizedError,
  GustoUnexpectedBodyError,
  GustoValidationError,
} from './errors.js';
import { jsonResponse, requestViolations, type Step, scriptedFetch } from './test-fetch.js';

const COMPANY = 'c0ffee00-0000-4000-8000-000000000001';

function context(...steps: Step[]) {
  const scripted = scriptedFetch(...steps);
  const ctx: GustoContext = {
    baseUrl: 'http://127.0.0.1:9',
    access_token: 'test-access-token-0001',
    fetch: scripted.fetch,
    retryPolicy: { maxRetries: 2, baseDelayMs: 1, maxRetryAfterSeconds: 5 },
  };

  return { ctx, scripted };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a failure'),
    (error: unknown) => error,
  );
}

describe('getCompany answers', () => {
  it('types a 200 in Gusto words and sends the token and API version', async () => {
    const { ctx, scripted } = context(
      jsonResponse(200, { uuid: COMPANY, name: 'Acme', trade_name: 'Acme Co', extra: 1 }),
    );
    const company = await getCompany(ctx, { company_id: COMPANY });

    expect(company).toEqual({ uuid: COMPANY, name: 'Acme', trade_name: 'Acme Co' });
    const sent = scripted.requests[0];
    expect(sent?.url).toBe(`http://127.0.0.1:9/v1/companies/${COMPANY}`);
    expect(sent?.headers.get('authorization')).toBe('Bearer test-access-token-0001');
    expect(sent?.headers.get('x-gusto-api-version')).toBe('2026-06-15');
    expect(requestViolations(scripted)).toEqual([]);
  });

  const statuses: [number, unknown, new (...args: never[]) => Error][] = [
    [401, { error: 'invalid_token' }, GustoUnauthorizedError],
    [403, { errors: [{ error_key: 'scope', category: 'forbidden' }] }, GustoForbiddenError],
    [404, { errors: [{ error_key: 'request', category: 'not_found' }] }, GustoNotFoundError],
    [
      409,
      { errors: [{ error_key: 'version', category: 'invalid_resource_version' }] },
      GustoConflictError,
    ],
  ];

  it.each(statuses)(
    'maps %i to its error with status and request id',
    async (status, body, type) => {
      const { ctx } = context(jsonResponse(status, body));
      const error = await failureOf(getCompany(ctx, { company_id: COMPANY }));

      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ status, requestId: `req-${status}`, method: 'GET' });
      expect(error).toMatchObject({ path: '/v1/companies/{company_id}' });
    },
  );

  it("keeps Gusto's 422 errors array", async () => {
    const entity = {
      error_key: 'version',
      category: 'invalid_attribute_value',
      message: 'Version is out of date',
      metadata: { entity_type: 'Department', entity_uuid: 'd1' },
    };
    const { ctx } = context(jsonResponse(422, { errors: [entity] }));
    const error = await failureOf(
      addPeopleToDepartment(ctx, { department_uuid: 'd1', version: 'v1', employees: ['e1'] }),
    );

    expect(error).toBeInstanceOf(GustoValidationError);
    expect((error as GustoValidationError).errors).toEqual([{ ...entity, errors: [] }]);
  });

  it('reads Retry-After: 30 and does not wait that long', async () => {
    const { ctx, scripted } = context(jsonResponse(429, { errors: [] }, { 'retry-after': '30' }));
    const error = await failureOf(getCompany(ctx, { company_id: COMPANY }));

    expect(error).toBeInstanceOf(GustoRateLimitedError);
    expect((error as GustoRateLimitedError).retryAfterSeconds).toBe(30);
    expect(scripted.requests).toHaveLength(1);
  });

  it('maps a 502 that persists through the retries to a server error', async () => {
    const bad = () =>
      jsonResponse(502, '<html>bad gateway</html>', { 'content-type': 'text/html' });
    const { ctx, scripted } = context(bad(), bad(), bad());
    const error = await failureOf(getCompany(ctx, { company_id: COMPANY }));

    expect(error).toBeInstanceOf(GustoServerError);
    expect(error).toMatchObject({ status: 502 });
    expect(scripted.requests).toHaveLength(3);
  });

  it('calls a 200 with malformed JSON an unexpected body', async () => {
    const { ctx } = context(jsonResponse(200, '{"uuid": "c1", '));
    const error = await failureOf(getCompany(ctx, { company_id: COMPANY }));

    expect(error).toBeInstanceOf(GustoUnexpectedBodyError);
    expect((error as GustoUnexpectedBodyError).problem).toBe('body is not JSON');
  });

  it('calls a 200 missing a required field a schema mismatch, naming the field only', async () => {
    const { ctx } = context(jsonResponse(200, { name: 'Secret Name Inc' }));
    const error = await failureOf(getCompany(ctx, { company_id: COMPANY }));

    expect(error).toBeInstanceOf(GustoUnexpectedBodyError);
    expect((error as GustoUnexpectedBodyError).problem).toContain('uuid');
    expect(String(error)).not.toContain('Secret Name Inc');
  });

  it('keeps the raw body out of toString, JSON and inspect, but readable on purpose', async () => {
    const { ctx } = context(jsonResponse(404, { errors: [], canary: 'raw-body-canary' }));
    const error = (await failureOf(getCompany(ctx, { company_id: COMPANY }))) as GustoNotFoundError;

    expect(String(error)).not.toContain('raw-body-canary');
    expect(JSON.stringify(error)).not.toContain('raw-body-canary');
    expect(inspect(error)).not.toContain('raw-body-canary');
    expect(error.rawBody()).toContain('raw-body-canary');
  });
});

describe('token info and lists', () => {
  it('reads the company from token_info', async () => {
    const body = {
      scope: 'public employees:manage',
      resource: { type: 'Company', uuid: COMPANY },
      resource_owner: { type: 'CompanyAdmin', uuid: 'a1' },
    };
    const { ctx } = context(jsonResponse(200, body));

    expect(await getTokenInfo(ctx)).toEqual(body);
  });

  it('follows X-Total-Pages across location pages', async () => {
    const location = (uuid: string) => ({ uuid, country: 'USA', street_1: '1 Main St' });
    const { ctx, scripted } = context(
      jsonResponse(200, [location('l1')], { 'x-total-pages': '2' }),
      jsonResponse(200, [location('l2')], { 'x-total-pages': '2' }),
    );
    const locations = await listLocations(ctx, { company_id: COMPANY });

    expect(locations.map((l) => l.uuid)).toEqual(['l1', 'l2']);
    expect(new URL(scripted.requests[1]?.url ?? '').searchParams.get('page')).toBe('2');
  });
});
