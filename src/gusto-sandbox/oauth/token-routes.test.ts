import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createContractFetch, validateResponse } from '../../gusto-spec/index.js';
import { createSandbox, type ListeningSandbox, listenSandbox, type Sandbox } from '../app.js';
import { SEED_ADMIN, SEED_APP } from '../seed.js';
import { runOAuthDance } from './oauth-dance.js';

let sandbox: Sandbox;
let server: ListeningSandbox;
const contract = createContractFetch(globalThis.fetch);

beforeAll(async () => {
  sandbox = createSandbox({ stateFile: null });
  server = await listenSandbox(sandbox);
});
afterAll(() => server.close());
afterEach(() => {
  const violations = contract.violations.splice(0);
  expect(violations).toEqual([]);
});

const client = { client_id: SEED_APP.client_id, client_secret: SEED_APP.client_secret };

/** A fresh authorization code for Acme Robotics, obtained through the sign-in and consent pages. */
async function freshCode(): Promise<string> {
  const back = await runOAuthDance(server.url, {
    client_id: SEED_APP.client_id,
    redirect_uri: SEED_APP.redirect_uri,
    email: SEED_ADMIN.email,
    password: SEED_ADMIN.password,
    company_name: 'Acme Robotics Inc.',
  });

  return back.searchParams.get('code') ?? '';
}

function postJson(path: string, body: unknown, send: typeof fetch = contract): Promise<Response> {
  return send(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function postForm(
  path: string,
  fields: Record<string, string>,
  send: typeof fetch = contract,
): Promise<Response> {
  return send(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

interface TokenBody {
  access_token: string;
  refresh_token: string | null;
  token_type: string;
  expires_in: number;
  created_at: number;
  scope: string;
}

async function exchange(code: string): Promise<TokenBody> {
  const response = await postJson('/oauth/token', {
    ...client,
    grant_type: 'authorization_code',
    code,
    redirect_uri: SEED_APP.redirect_uri,
  });
  expect(response.status).toBe(200);

  return (await response.json()) as TokenBody;
}

async function refresh(refresh_token: string, send: typeof fetch = contract): Promise<Response> {
  return postJson('/oauth/token', { ...client, grant_type: 'refresh_token', refresh_token }, send);
}

/** Plain fetch, for requests that break the contract on purpose. */
const raw = globalThis.fetch;

function tokenInfo(access_token: string): Promise<Response> {
  return contract(`${server.url}/v1/token_info`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
}

/**
 * Checks an RFC 6749 §5.2 error answer. Requests that are wrong on purpose are sent with plain
 * fetch (the contract would flag them), so their answers are checked against the contract here.
 */
async function expectOAuthError(response: Response, status: number, error: string) {
  expect(response.status).toBe(status);
  const path = new URL(response.url).pathname;
  const checked = validateResponse('POST', path, status, await response.clone().json());
  expect(checked).toMatchObject({ ok: true });
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe(error);
  expect(body.error_description).toEqual(expect.any(String));

  return body;
}

describe('authorization_code grant', () => {
  it('exchanges a code for a company token pair shaped as Gusto answers', async () => {
    const before = sandbox.ctx.store.nowSeconds();
    const tokens = await exchange(await freshCode());

    expect(tokens).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 7200,
      created_at: expect.any(Number),
      scope: expect.stringContaining('employees:manage'),
    });
    expect(tokens.created_at).toBeGreaterThanOrEqual(before);
    const info = (await (await tokenInfo(tokens.access_token)).json()) as {
      resource: { type: string; uuid: string };
    };
    const robotics = Object.values(sandbox.ctx.store.data.companies).find(
      (company) => company.name === 'Acme Robotics Inc.',
    );
    expect(info.resource).toEqual({ type: 'Company', uuid: robotics?.uuid });
  });

  it('accepts a form-encoded body as RFC 6749 §4.1.3 sends it', async () => {
    const response = await postForm('/oauth/token', {
      ...client,
      grant_type: 'authorization_code',
      code: await freshCode(),
      redirect_uri: SEED_APP.redirect_uri,
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('accepts client credentials in an HTTP Basic header (RFC 6749 §2.3.1)', async () => {
    const basic = Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64');
    const response = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: await freshCode(),
        redirect_uri: SEED_APP.redirect_uri,
      }).toString(),
    });

    expect(response.status).toBe(200);
  });

  it('refuses a replayed code and revokes the tokens made from it (RFC 6749 §4.1.2)', async () => {
    const code = await freshCode();
    const first = await exchange(code);
    const replay = await postJson('/oauth/token', {
      ...client,
      grant_type: 'authorization_code',
      code,
      redirect_uri: SEED_APP.redirect_uri,
    });

    await expectOAuthError(replay, 400, 'invalid_grant');
    expect((await tokenInfo(first.access_token)).status).toBe(401);
    await expectOAuthError(await refresh(first.refresh_token ?? ''), 400, 'invalid_grant');
  });

  it('refuses a code after its 10 minutes, measured on the sandbox clock', async () => {
    const code = await freshCode();
    const advanced = await fetch(`${server.url}/__sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance_seconds: 601 }),
    });
    expect(advanced.status).toBe(200);

    const response = await postJson('/oauth/token', {
      ...client,
      grant_type: 'authorization_code',
      code,
      redirect_uri: SEED_APP.redirect_uri,
    });
    await expectOAuthError(response, 400, 'invalid_grant');
  });

  it('refuses a redirect_uri other than the one used at authorize, and requires one', async () => {
    const code = await freshCode();
    const base = { ...client, grant_type: 'authorization_code', code };

    const other = await postJson('/oauth/token', {
      ...base,
      redirect_uri: 'http://localhost:3000/x',
    });
    await expectOAuthError(other, 400, 'invalid_grant');
    await expectOAuthError(await postJson('/oauth/token', base, raw), 400, 'invalid_request');
  });
});

describe('refresh_token grant', () => {
  it('rotates: the old refresh token works until the new access token is first used', async () => {
    const first = await exchange(await freshCode());
    const second = (await (await refresh(first.refresh_token ?? '')).json()) as TokenBody;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.scope).toBe(first.scope);

    // The refresh answer may have been lost: a retry with the old refresh token still works,
    // and the old access token keeps working.
    const retried = await refresh(first.refresh_token ?? '');
    expect(retried.status).toBe(200);
    const third = (await retried.json()) as TokenBody;
    expect((await tokenInfo(first.access_token)).status).toBe(200);

    // First use of a new access token kills the old refresh token and the old access token.
    expect((await tokenInfo(third.access_token)).status).toBe(200);
    await expectOAuthError(await refresh(first.refresh_token ?? ''), 400, 'invalid_grant');
    expect((await tokenInfo(first.access_token)).status).toBe(401);

    // The newest pair carries on.
    expect((await refresh(third.refresh_token ?? '')).status).toBe(200);
  });

  it('refuses the refresh token of a revoked grant', async () => {
    const tokens = await exchange(await freshCode());
    const grant = Object.values(sandbox.ctx.store.data.grants).at(-1);
    const revoked = await fetch(`${server.url}/__sandbox/grants/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ company_uuid: grant?.company_uuid }),
    });
    expect(await revoked.json()).toEqual({ revoked: expect.any(Number) });

    await expectOAuthError(await refresh(tokens.refresh_token ?? ''), 400, 'invalid_grant');
  });

  it('refuses an unknown refresh token and an unregistered redirect_uri', async () => {
    await expectOAuthError(await refresh('not-a-token'), 400, 'invalid_grant');

    const tokens = await exchange(await freshCode());
    const response = await postJson('/oauth/token', {
      ...client,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      redirect_uri: 'https://elsewhere.test/callback',
    });
    await expectOAuthError(response, 400, 'invalid_grant');
  });
});

describe('system_access grant', () => {
  it('issues an application token with no refresh token', async () => {
    const response = await postJson('/oauth/token', { ...client, grant_type: 'system_access' });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      refresh_token: null,
      token_type: 'Bearer',
      expires_in: 7200,
      created_at: expect.any(Number),
      scope: expect.stringContaining('webhook_subscriptions:write'),
    });
  });
});

describe('token endpoint errors (RFC 6749 §5.2)', () => {
  it('answers a bad secret, an unknown client or no credentials with invalid_client', async () => {
    const wrong = { client_id: client.client_id, client_secret: 'wrong' };
    for (const credentials of [wrong, { client_id: 'nobody', client_secret: 'x' }, {}]) {
      const body = { ...credentials, grant_type: 'system_access' };
      const response = await postJson('/oauth/token', body, raw);
      await expectOAuthError(response, 401, 'invalid_client');
    }
  });

  it('answers an unknown grant type with unsupported_grant_type', async () => {
    const response = await postJson('/oauth/token', { ...client, grant_type: 'password' }, raw);

    await expectOAuthError(response, 400, 'unsupported_grant_type');
  });

  it('answers malformed requests with invalid_request', async () => {
    const url = `${server.url}/oauth/token`;
    const requests: RequestInit[] = [
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' },
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'grant_type=system_access',
      },
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...client, grant_type: 7 }),
      },
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=system_access&grant_type=refresh_token',
      },
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(client),
      },
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...client, grant_type: 'x', pad: 'x'.repeat(20_000) }),
      },
    ];
    for (const init of requests) {
      await expectOAuthError(await fetch(url, init), 400, 'invalid_request');
    }
  });

  it('refuses a client_secret in the URL with 400, as Gusto documents', async () => {
    const query = new URLSearchParams({ client_secret: client.client_secret });
    const response = await fetch(`${server.url}/oauth/token?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...client, grant_type: 'system_access' }),
    });

    await expectOAuthError(response, 400, 'invalid_request');
  });
});

describe('POST /oauth/revoke', () => {
  it('revokes the grant behind an access token: no more calls, no more refresh', async () => {
    const tokens = await exchange(await freshCode());
    const response = await postJson('/oauth/revoke', { ...client, token: tokens.access_token });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect((await tokenInfo(tokens.access_token)).status).toBe(401);
    await expectOAuthError(await refresh(tokens.refresh_token ?? ''), 400, 'invalid_grant');
  });

  it('answers 200 for an unknown token (RFC 7009 §2.2)', async () => {
    const response = await postForm('/oauth/revoke', { ...client, token: 'no-such-token' });

    expect(response.status).toBe(200);
  });

  it("refuses another application's token and a missing token", async () => {
    const tokens = await exchange(await freshCode());
    const other = await fetch(`${server.url}/__sandbox/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Other', redirect_uris: ['http://127.0.0.1:9/cb'] }),
    });
    const { client_id, client_secret } = (await other.json()) as Record<string, string>;
    const otherClient = { client_id, client_secret };

    const foreign = await postJson('/oauth/revoke', { ...otherClient, token: tokens.access_token });
    await expectOAuthError(foreign, 400, 'unauthorized_client');
    expect((await tokenInfo(tokens.access_token)).status).toBe(200);
    await expectOAuthError(await postJson('/oauth/revoke', client, raw), 400, 'invalid_request');
    const badSecret = await postJson('/oauth/revoke', {
      ...client,
      client_secret: 'x',
      token: 'y',
    });
    await expectOAuthError(badSecret, 401, 'invalid_client');
  });
});

describe('coverage', () => {
  // Runs last in this file: every earlier exchange went through the contract fetch.
  it('exercised both OAuth operations of the spec', () => {
    expect(contract.operationsSeen).toEqual(
      expect.arrayContaining(['oauth-access-token', 'revoke-access-token']),
    );
  });
});
