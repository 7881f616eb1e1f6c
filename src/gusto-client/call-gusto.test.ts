import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GustoContext } from './call-gusto.js';
import { classify } from './classify.js';
import {
  addPeopleToDepartment,
  getCompany,
  getTokenInfo,
  listDepartments,
  listLocations,
} from './company.js';
import { createContractor, getContractor, listContractors } from './contractors.js';
import { createEmployee, createWorkAddress, getEmployee, listEmployees } from './employees.js';
import { GustoRedirectError, GustoTimeoutError } from './errors.js';
import { GUSTO_API_VERSION } from './gusto-api-version.js';
import { createCompensation, createJob, getJob, updateCompensation } from './jobs.js';
import { answersOnlyAbort } from './test-fetch.js';

const C = 'c0ffee00-0000-4000-8000-000000000001';
const PAY = { rate: '80000.00', payment_unit: 'Year', flsa_status: 'Exempt' } as const;
const NEW_CONTRACTOR = {
  company_uuid: C,
  type: 'Individual',
  wage_type: 'Hourly',
  start_date: '2026-07-01',
  hourly_rate: '40.00',
  first_name: 'Ada',
  last_name: 'Lovelace',
} as const;

const calls: [string, (ctx: GustoContext) => Promise<unknown>][] = [
  ['getTokenInfo', (ctx) => getTokenInfo(ctx)],
  ['getCompany', (ctx) => getCompany(ctx, { company_id: C })],
  ['listLocations', (ctx) => listLocations(ctx, { company_id: C })],
  ['listDepartments', (ctx) => listDepartments(ctx, { company_uuid: C })],
  [
    'addPeopleToDepartment',
    (ctx) => addPeopleToDepartment(ctx, { department_uuid: 'd1', version: 'v', employees: ['e1'] }),
  ],
  ['createContractor', (ctx) => createContractor(ctx, NEW_CONTRACTOR)],
  ['getContractor', (ctx) => getContractor(ctx, { contractor_uuid: 'k1' })],
  ['listContractors', (ctx) => listContractors(ctx, { company_uuid: C })],
  [
    'createEmployee',
    (ctx) => createEmployee(ctx, { company_id: C, first_name: 'Ada', last_name: 'Lovelace' }),
  ],
  [
    'createWorkAddress',
    (ctx) => createWorkAddress(ctx, { employee_id: 'e1', location_uuid: 'l1' }),
  ],
  ['getEmployee', (ctx) => getEmployee(ctx, { employee_id: 'e1' })],
  ['listEmployees', (ctx) => listEmployees(ctx, { company_id: C })],
  [
    'createJob',
    (ctx) => createJob(ctx, { employee_id: 'e1', title: 'A', hire_date: '2026-07-01' }),
  ],
  ['getJob', (ctx) => getJob(ctx, { job_id: 'j1' })],
  ['createCompensation', (ctx) => createCompensation(ctx, { job_id: 'j1', ...PAY })],
  [
    'updateCompensation',
    (ctx) => updateCompensation(ctx, { compensation_id: 'p1', version: 'v', ...PAY }),
  ],
];

// A full garbage collection on demand, as one can come at any moment of a real request.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

describe('the time limit of every call', () => {
  // A call that did not hand the limit's signal to its fetch would still time out, but leave the
  // request fetch builds open. The collection while the request is out is what tells a signal
  // followed only weakly (the signal of the SDK's clone of a request) from the limit's own.
  it.each(calls)('%s aborts its request when the limit passes', async (_name, call) => {
    const sent: Request[] = [];
    const awaitAbort = answersOnlyAbort(sent);
    const ctx: GustoContext = {
      baseUrl: 'http://127.0.0.1:9',
      access_token: 'test-access-token-0003',
      timeoutMs: 20,
      fetch: (url, init) => {
        // In a later turn: a WeakRef made in this one keeps its target until the turn ends.
        setTimeout(collectGarbage, 1);
        return awaitAbort(url, init);
      },
      retryPolicy: { maxRetries: 0, baseDelayMs: 1, maxRetryAfterSeconds: 5 },
    };
    const error = await call(ctx).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(GustoTimeoutError);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.signal.aborted).toBe(true);
  });
});

/** One request as a server on 127.0.0.1 read it off the socket. */
interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Set when the client closed (or reset) the connection the request came on. */
  socketClosed: boolean;
}

interface LocalGusto {
  baseUrl: string;
  received: Received[];
  close(): Promise<void>;
}

const servers: LocalGusto[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A stand-in for Gusto on 127.0.0.1:0 that keeps what it is sent and lets `answer` reply. */
async function localGusto(answer: (res: ServerResponse, received: Received) => void) {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { method = '', url = '', headers } = req;
    const got = { method, url, headers, body: Buffer.concat(chunks), socketClosed: false };
    req.socket.once('close', () => {
      got.socketClosed = true;
    });
    received.push(got);
    answer(res, got);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((done) => server.close(() => done()));
  };
  const local: LocalGusto = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close,
  };
  servers.push(local);

  return local;
}

/** A context on the global fetch, the one production uses, pointed at the local server. */
function overHttp(local: LocalGusto, timeoutMs = 5_000): GustoContext {
  return {
    baseUrl: local.baseUrl,
    access_token: 'test-access-token-0005',
    timeoutMs,
    retryPolicy: { maxRetries: 0, baseDelayMs: 1, maxRetryAfterSeconds: 5 },
  };
}

const NEW_HIRE = {
  company_id: C,
  first_name: 'Zoë',
  last_name: 'Ångström',
  email: 'z@example.com',
};

describe('calls over HTTP with the global fetch', () => {
  // Pins the time limit against the real fetch: a request sent as a clone of one holding the
  // limit's signal follows it weakly, and after a collection the limit fails the call but the
  // request stays open on its socket, holding a connection to Gusto.
  it('closes the request at the limit, even after a garbage collection', async () => {
    const local = await localGusto(() => {
      // Never answers. Collections in later turns, while the request is out.
      setTimeout(collectGarbage, 1);
      setTimeout(collectGarbage, 20);
    });
    const error = await createEmployee(overHttp(local, 150), NEW_HIRE).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GustoTimeoutError);
    expect(local.received).toHaveLength(1);
    await vi.waitFor(() => expect(local.received[0]?.socketClosed).toBe(true), { timeout: 2_000 });
  });

  // Past the headers, the request inside fetch follows the signal weakly too; the body's reader,
  // cancelled at the limit, is what closes it.
  it('closes a request whose answer stalls mid-body, even after a garbage collection', async () => {
    const local = await localGusto((res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"uuid":"e1",');
      setTimeout(collectGarbage, 20);
      setTimeout(collectGarbage, 60);
    });
    const error = await createEmployee(overHttp(local, 150), NEW_HIRE).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GustoTimeoutError);
    await vi.waitFor(() => expect(local.received[0]?.socketClosed).toBe(true), { timeout: 2_000 });
  });

  it('sends method, path, headers and the JSON body exactly as the SDK built them', async () => {
    const local = await localGusto((res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ uuid: 'e1', first_name: 'Zoë', last_name: 'Ångström' }));
    });
    await createEmployee(overHttp(local), NEW_HIRE);
    const [got] = local.received;
    const json = '{"first_name":"Zoë","last_name":"Ångström","email":"z@example.com"}';

    expect(got).toMatchObject({ method: 'POST', url: `/v1/companies/${C}/employees` });
    expect(got?.headers).toMatchObject({
      authorization: 'Bearer test-access-token-0005',
      'content-type': 'application/json',
      accept: 'application/json',
      'x-gusto-api-version': GUSTO_API_VERSION,
    });
    expect(got?.body.equals(Buffer.from(json, 'utf8'))).toBe(true);
  });

  it('sends the query string as the SDK built it', async () => {
    const local = await localGusto((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[]');
    });
    await listEmployees(overHttp(local), { company_id: C, search_term: 'Zoë & Co', per: 2 });

    expect(local.received.map((r) => [r.method, r.url, r.body.length])).toEqual([
      ['GET', `/v1/companies/${C}/employees?page=1&per=2&search_term=Zo%C3%AB%20%26%20Co`, 0],
    ]);
  });

  // Following it would send the create to another address (307) or turn it into a GET (302).
  it('refuses a redirect of a create, which may have been made', async () => {
    const local = await localGusto((res) => {
      res.writeHead(307, { location: '/v1/elsewhere' });
      res.end();
    });
    const error = await createEmployee(overHttp(local), NEW_HIRE).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GustoRedirectError);
    expect(String(error)).toContain('with a redirect, which Hirebridge does not follow');
    expect(classify(error)).toMatchObject({ kind: 'permanent', outcomeUnknown: true });
    expect(local.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST /v1/companies/${C}/employees`,
    ]);
  });
});
