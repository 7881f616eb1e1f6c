import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../app.js';
import {
  type CompanyFixture,
  call,
  connectCompany,
  startTestSandbox,
  systemToken,
} from './test-support.js';

let sandbox: Sandbox;
let acme: CompanyFixture;

beforeEach(() => {
  sandbox = startTestSandbox();
  acme = connectCompany(sandbox.ctx.store, 'Acme Test Co');
});

describe('bearer tokens', () => {
  it('answers 401 invalid_token for a missing, unknown, expired or revoked token', async () => {
    const path = `/v1/companies/${acme.company.uuid}`;
    const missing = await call(sandbox, 'GET', path);
    const unknown = await call(sandbox, 'GET', path, { token: 'nope' });
    const access = sandbox.ctx.store.data.access_tokens[acme.token];
    if (access) access.created_at -= 7200;
    const expired = await call(sandbox, 'GET', path, { token: acme.token });
    const fresh = connectCompany(sandbox.ctx.store, 'Fresh Co');
    fresh.grant.revoked = true;
    const revoked = await call(sandbox, 'GET', `/v1/companies/${fresh.company.uuid}`, {
      token: fresh.token,
    });

    for (const answer of [missing, unknown, expired, revoked]) {
      expect(answer.status).toBe(401);
      expect(answer.body.errors[0].category).toBe('invalid_token');
    }
  });

  it('answers 403 missing_oauth_scopes naming the scope the token lacks', async () => {
    const refused = await call(sandbox, 'GET', `/v1/companies/${acme.company.uuid}`, {
      token: systemToken(sandbox.ctx.store),
    });

    expect(refused.status).toBe(403);
    expect(refused.body.errors[0]).toMatchObject({
      category: 'missing_oauth_scopes',
      metadata: { missing_scope_name: 'companies:read' },
    });
  });
});

describe('X-Gusto-API-Version', () => {
  it('defaults to 2025-06-15, echoes a supported one and refuses others with 406', async () => {
    const path = '/v1/token_info';
    const absent = await call(sandbox, 'GET', path, { token: acme.token });
    const newer = await call(sandbox, 'GET', path, {
      token: acme.token,
      headers: { 'x-gusto-api-version': '2026-06-15' },
    });
    const old = await call(sandbox, 'GET', path, {
      token: acme.token,
      headers: { 'x-gusto-api-version': '2024-04-01' },
    });

    expect(absent.headers.get('x-gusto-api-version')).toBe('2025-06-15');
    expect(newer.headers.get('x-gusto-api-version')).toBe('2026-06-15');
    expect(old.status).toBe(406);
    expect(old.body.errors[0].category).toBe('invalid_api_version');
  });
});

describe('GET /v1/token_info', () => {
  it('names the company and the admin of a company token', async () => {
    const info = await call(sandbox, 'GET', '/v1/token_info', { token: acme.token });

    expect(info.body).toMatchObject({
      resource: { type: 'Company', uuid: acme.company.uuid },
      resource_owner: { type: 'CompanyAdmin', uuid: acme.grant.admin_uuid },
    });
    expect(info.body.scope).toContain('employees:manage');
  });

  it('names the application of a system token', async () => {
    const info = await call(sandbox, 'GET', '/v1/token_info', {
      token: systemToken(sandbox.ctx.store),
    });

    expect(info.body.resource.type).toBe('Oauth::Application');
    expect(info.body.resource_owner).toBeNull();
  });
});

describe('GET /v1/companies/{company_id}', () => {
  it('answers the company with its locations', async () => {
    const got = await call(sandbox, 'GET', `/v1/companies/${acme.company.uuid}`, {
      token: acme.token,
    });

    expect(got.body).toMatchObject({ uuid: acme.company.uuid, name: 'Acme Test Co' });
    expect(got.body.locations).toHaveLength(1);
  });

  it('refuses another company with 403', async () => {
    const other = connectCompany(sandbox.ctx.store, 'Other Co');
    const got = await call(sandbox, 'GET', `/v1/companies/${other.company.uuid}`, {
      token: acme.token,
    });

    expect(got.status).toBe(403);
  });
});

describe('unknown paths', () => {
  it("answer Gusto's 404 body", async () => {
    const response = await sandbox.fetch(
      new Request('http://127.0.0.1/v1/nothing/here', {
        headers: { authorization: `Bearer ${acme.token}` },
      }),
    );

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ category: 'not_found' }] });
  });
});
