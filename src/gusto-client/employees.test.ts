import { describe, expect, it, vi } from 'vitest';
import type { GustoContext } from './call-gusto.js';
import { classify } from './classify.js';
import { createEmployee, createWorkAddress, getEmployee, listEmployees } from './employees.js';
import {
  GustoConnectionError,
  GustoInvalidInputError,
  GustoServerError,
  GustoTimeoutError,
} from './errors.js';
import {
  connectionReset,
  jsonResponse,
  neverAnswers,
  requestViolations,
  type Step,
  scriptedFetch,
} from './test-fetch.js';

const COMPANY = 'c0ffee00-0000-4000-8000-000000000001';
const EMPLOYEE = { uuid: 'e1', first_name: 'Ada', last_name: 'Lovelace', payment_method: 'Check' };
const NEW_HIRE = {
  company_id: COMPANY,
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@example.com',
  date_of_birth: '1990-12-10',
  self_onboarding: true,
};

function context(...steps: Step[]) {
  const scripted = scriptedFetch(...steps);
  const ctx: GustoContext = {
    baseUrl: 'http://127.0.0.1:9',
    access_token: 'test-access-token-0002',
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

describe('createEmployee', () => {
  it('sends a body valid against Gusto’s schema and types the 201', async () => {
    const { ctx, scripted } = context(jsonResponse(201, { ...EMPLOYEE, email: 'ada@example.com' }));
    const employee = await createEmployee(ctx, NEW_HIRE);

    expect(employee).toMatchObject({ uuid: 'e1', first_name: 'Ada', email: 'ada@example.com' });
    expect(await scripted.requests[0]?.json()).toEqual({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      date_of_birth: '1990-12-10',
      self_onboarding: true,
    });
    expect(requestViolations(scripted)).toEqual([]);
  });

  // A blind retry of a create could make a second person in Gusto, which has no idempotency key.
  it.each([
    ['a 502', () => jsonResponse(502, 'bad gateway'), GustoServerError],
    ['a dropped connection', connectionReset, GustoConnectionError],
  ])('is called exactly once after %s, and the outcome is unknown', async (_n, fail, type) => {
    const { ctx, scripted } = context(fail(), jsonResponse(201, EMPLOYEE));
    const error = await failureOf(createEmployee(ctx, NEW_HIRE));

    expect(error).toBeInstanceOf(type);
    expect(scripted.requests).toHaveLength(1);
    expect(classify(error)).toMatchObject({ kind: 'transient', outcomeUnknown: true });
  });

  it('times out a fetch that never answers, without retrying the create', async () => {
    let calls = 0;
    const ctx: GustoContext = {
      baseUrl: 'http://127.0.0.1:9',
      access_token: 'test-access-token-0002',
      timeoutMs: 50,
      fetch: (url, init) => {
        calls++;
        return neverAnswers(url, init);
      },
    };
    const error = await failureOf(createEmployee(ctx, NEW_HIRE));

    expect(error).toBeInstanceOf(GustoTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50, status: null });
    expect(calls).toBe(1);
    expect(classify(error).outcomeUnknown).toBe(true);
  });

  it('refuses a malformed date before sending anything', async () => {
    const { ctx, scripted } = context();
    const error = await failureOf(
      createEmployee(ctx, { ...NEW_HIRE, date_of_birth: '10/12/1990' }),
    );

    expect(error).toBeInstanceOf(GustoInvalidInputError);
    expect(scripted.requests).toHaveLength(0);
  });
});

describe('safe reads', () => {
  it('retries a GET after a dropped connection and a 503', async () => {
    const { ctx, scripted } = context(
      connectionReset(),
      jsonResponse(503, 'unavailable', { 'retry-after': '0' }),
      jsonResponse(200, EMPLOYEE),
    );

    expect(await getEmployee(ctx, { employee_id: 'e1' })).toMatchObject({ uuid: 'e1' });
    expect(scripted.requests).toHaveLength(3);
  });

  it('gives up on a GET after two retries', async () => {
    const { ctx, scripted } = context(connectionReset(), connectionReset(), connectionReset());
    const error = await failureOf(getEmployee(ctx, { employee_id: 'e1' }));

    expect(error).toBeInstanceOf(GustoConnectionError);
    expect(scripted.requests).toHaveLength(3);
  });

  it('searches by name and stops at a short page when X-Total-Pages is absent', async () => {
    const { ctx, scripted } = context(
      jsonResponse(200, [EMPLOYEE, { ...EMPLOYEE, uuid: 'e2' }]),
      jsonResponse(200, [{ ...EMPLOYEE, uuid: 'e3' }]),
    );
    const found = await listEmployees(ctx, { company_id: COMPANY, search_term: 'Ada', per: 2 });

    expect(found.map((e) => e.uuid)).toEqual(['e1', 'e2', 'e3']);
    const query = new URL(scripted.requests[1]?.url ?? '').searchParams;
    expect(Object.fromEntries(query)).toEqual({ search_term: 'Ada', page: '2', per: '2' });
    expect(requestViolations(scripted)).toEqual([]);
  });
});

describe('createWorkAddress', () => {
  it('sends location_uuid and effective_date and is never retried', async () => {
    const { ctx, scripted } = context(jsonResponse(500, 'oops'), jsonResponse(201, {}));
    const input = { employee_id: 'e1', location_uuid: 'l1', effective_date: '2026-07-01' };
    const error = await failureOf(createWorkAddress(ctx, input));

    expect(error).toBeInstanceOf(GustoServerError);
    expect(scripted.requests).toHaveLength(1);
    expect(await scripted.requests[0]?.json()).toEqual({
      location_uuid: 'l1',
      effective_date: '2026-07-01',
    });
    expect(requestViolations(scripted)).toEqual([]);
  });
});

describe('beforeSend, what must be in before a request leaves', () => {
  // A run stores its budget place and the create's "sent" mark meanwhile: a create that left
  // before them could be made twice, or overdraw the budget.
  it('holds the built request until it resolves', async () => {
    const { ctx, scripted } = context(jsonResponse(201, EMPLOYEE));
    let allow = () => {};
    const held = new Promise<void>((resolve) => {
      allow = resolve;
    });
    const asked: number[] = [];
    const creating = createEmployee(
      {
        ...ctx,
        beforeSend: () => {
          asked.push(scripted.requests.length);
          return held;
        },
      },
      NEW_HIRE,
    );
    await vi.waitFor(() => expect(asked).toEqual([0]));
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(scripted.requests).toHaveLength(0);
    allow();
    expect(await creating).toMatchObject({ uuid: 'e1' });
    expect(scripted.requests).toHaveLength(1);
  });

  it('ends the call unsent with its own error when it refuses', async () => {
    const { ctx, scripted } = context(jsonResponse(201, EMPLOYEE));
    const refusal = new Error('the budget is spent');
    const beforeSend = () => Promise.reject(refusal);
    const error = await failureOf(createEmployee({ ...ctx, beforeSend }, NEW_HIRE));

    expect(error).toBe(refusal);
    expect(scripted.requests).toHaveLength(0);
  });

  it('is asked again before each retry of a safe call', async () => {
    const { ctx, scripted } = context(connectionReset(), jsonResponse(200, EMPLOYEE));
    let asked = 0;
    const beforeSend = async () => {
      asked += 1;
    };
    await getEmployee({ ...ctx, beforeSend }, { employee_id: 'e1' });

    expect([asked, scripted.requests.length]).toEqual([2, 2]);
  });
});
