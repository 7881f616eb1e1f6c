import { expect } from 'vitest';
import { validateRequestBody, validateResponse } from '../../gusto-spec/index.js';
import { createSandbox, type Sandbox } from '../app.js';
import type { SandboxOptions } from '../context.js';
import { issueCompanyTokens, issueSystemToken } from '../oauth/tokens.js';
import type { SandboxCompany, SandboxGrant, SandboxStore } from '../state.js';
import { newUuid, newVersion } from '../state.js';

/** Client id of the application test fixtures connect. */
export const TEST_CLIENT_ID = 'api-test-app';

/** A company with a live grant and a company access token for it. */
export interface CompanyFixture {
  company: SandboxCompany;
  grant: SandboxGrant;
  token: string;
}

/** A sandbox in memory, with the test application registered. */
export function startTestSandbox(options: Partial<SandboxOptions> = {}): Sandbox {
  const sandbox = createSandbox({ stateFile: null, options });
  sandbox.ctx.store.data.apps[TEST_CLIENT_ID] = {
    client_id: TEST_CLIENT_ID,
    client_secret: 'api-test-secret',
    name: 'API test app',
    redirect_uris: ['http://127.0.0.1/callback'],
  };

  return sandbox;
}

/** Creates a company with one location, connects the test application, and issues a token. */
export function connectCompany(store: SandboxStore, name: string): CompanyFixture {
  const company = addCompany(store, name);
  addLocation(store, company.uuid);
  const admin_uuid = newUuid();
  store.data.admins[admin_uuid] = {
    uuid: admin_uuid,
    email: `${admin_uuid}@admins.test`,
    first_name: 'Pat',
    last_name: 'Admin',
    password_hash: 'x:y',
    company_uuids: [company.uuid],
  };
  const grant: SandboxGrant = {
    id: newUuid(),
    client_id: TEST_CLIENT_ID,
    company_uuid: company.uuid,
    admin_uuid,
    revoked: false,
    created_at: store.nowSeconds(),
  };
  store.data.grants[grant.id] = grant;

  return { company, grant, token: issueCompanyTokens(store, grant, null).token };
}

/** A system access token of the test application. */
export function systemToken(store: SandboxStore): string {
  return issueSystemToken(store, TEST_CLIENT_ID).token;
}

function addCompany(store: SandboxStore, name: string): SandboxCompany {
  const company: SandboxCompany = {
    uuid: newUuid(),
    name,
    trade_name: null,
    ein: '12-3456789',
    entity_type: 'C-Corporation',
    company_status: 'Approved',
    is_suspended: false,
    tier: 'plus',
    primary_payroll_admin: {
      first_name: 'Pat',
      last_name: 'Admin',
      phone: '4155550100',
      email: 'pat@example.test',
    },
  };
  store.data.companies[company.uuid] = company;

  return company;
}

function addLocation(store: SandboxStore, company_uuid: string): void {
  const uuid = newUuid();
  store.data.locations[uuid] = {
    uuid,
    company_uuid,
    version: newVersion(),
    phone_number: '4155550100',
    street_1: '1 Main St',
    street_2: null,
    city: 'San Francisco',
    state: 'CA',
    zip: '94107',
    country: 'USA',
    active: true,
    mailing_address: true,
    filing_address: true,
    created_at: store.nowIso(),
    updated_at: store.nowIso(),
  };
}

/** What a test request sends. */
export interface CallOptions {
  token?: string;
  /** A JSON body, checked against the operation's request schema unless `invalidBody`. */
  body?: unknown;
  /** A raw body sent as is (fuzzing), never checked. */
  rawBody?: string;
  /** The body breaks Gusto's request schema on purpose (a refusal test). */
  invalidBody?: boolean;
  headers?: Record<string, string>;
}

/** A parsed answer. */
export interface CallResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
  body: any;
}

/**
 * Statuses the sandbox answers although the operation does not declare them, each documented in
 * the README: 409 on every versioned update, 413 for an oversized body. Their body must still
 * be Gusto's errors array.
 */
const undeclaredButDocumented = new Set([409, 413]);

/** Sends a request in process, checking request and response against Gusto's documents. */
export async function call(
  sandbox: Sandbox,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  if (options.body !== undefined && !options.invalidBody) {
    const checked = validateRequestBody(method, path.split('?')[0] ?? path, options.body);
    expect(checked.ok ? [] : checked.errors, `request ${method} ${path}`).toEqual([]);
  }
  const response = await sandbox.fetch(buildRequest(method, path, options));
  const text = await response.text();
  const body = text === '' ? undefined : JSON.parse(text);
  expectContract(method, path, response.status, body);

  return { status: response.status, headers: response.headers, body };
}

function buildRequest(method: string, path: string, options: CallOptions): Request {
  const headers = new Headers(options.headers);
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  const body =
    options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined && !headers.has('content-type'))
    headers.set('content-type', 'application/json');

  return new Request(`http://127.0.0.1${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
}

/** Fails the test unless the answer matches the operation's response schema for its status. */
export function expectContract(method: string, path: string, status: number, body: unknown): void {
  expect(status, `${method} ${path} answered a 5xx`).toBeLessThan(500);
  const bare = path.split('?')[0] ?? path;
  const result = validateResponse(method, bare, status, body);
  if (result.ok || !undeclaredButDocumented.has(status)) {
    expect(result.ok ? [] : result.errors, `response ${method} ${path} ${status}`).toEqual([]);
    return;
  }
  expect(body).toMatchObject({
    errors: [expect.objectContaining({ category: expect.any(String) })],
  });
}
