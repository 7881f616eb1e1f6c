import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type ListeningSandbox, listenSandbox, type Sandbox } from '../app.js';
import { runOAuthDance } from '../oauth/oauth-dance.js';
import { SEED_ADMIN, SEED_APP } from '../seed.js';

let sandbox: Sandbox;
let server: ListeningSandbox;

beforeAll(async () => {
  sandbox = createSandbox({ stateFile: null });
  server = await listenSandbox(sandbox);
});
afterAll(() => server.close());
beforeEach(async () => {
  await control('/reset', {});
});

async function control(path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${server.url}/__sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

  return { status: response.status, json: await response.json() };
}

function companyUuid(name: string): string {
  const company = Object.values(sandbox.ctx.store.data.companies).find((c) => c.name === name);

  return company?.uuid ?? '';
}

async function connect(
  company_name: string,
): Promise<{ access_token: string; refresh_token: string }> {
  const back = await runOAuthDance(server.url, { ...SEED_APP, ...SEED_ADMIN, company_name });
  const response = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: SEED_APP.client_id,
      client_secret: SEED_APP.client_secret,
      grant_type: 'authorization_code',
      code: back.searchParams.get('code'),
      redirect_uri: SEED_APP.redirect_uri,
    }),
  });

  return (await response.json()) as { access_token: string; refresh_token: string };
}

async function tokenInfoStatus(access_token: string): Promise<number> {
  const response = await fetch(`${server.url}/v1/token_info`, {
    headers: { authorization: `Bearer ${access_token}` },
  });

  return response.status;
}

describe('POST /__sandbox/apps', () => {
  it('registers an application whose credentials work at the token endpoint', async () => {
    const created = await control('/apps', {
      name: 'CI',
      redirect_uris: ['http://127.0.0.1:5/cb'],
    });
    const app = created.json as { client_id: string; client_secret: string };
    expect(created.status).toBe(201);
    expect(app).toMatchObject({
      client_id: expect.stringMatching(/^[\w-]{43}$/),
      client_secret: expect.stringMatching(/^[\w-]{43}$/),
    });

    const token = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...app, redirect_uris: undefined, grant_type: 'system_access' }),
    });
    expect(token.status).toBe(200);
  });

  const bad: Record<string, unknown> = {
    'no name': { redirect_uris: ['http://127.0.0.1/cb'] },
    'no redirect URI': { name: 'x', redirect_uris: [] },
    'a relative redirect URI': { name: 'x', redirect_uris: ['/cb'] },
    'a redirect URI with a fragment': { name: 'x', redirect_uris: ['http://127.0.0.1/cb#f'] },
    'an unknown field': { name: 'x', redirect_uris: ['http://127.0.0.1/cb'], scope: 'all' },
    'malformed JSON': '{"name":',
  };
  for (const [name, body] of Object.entries(bad)) {
    it(`answers ${name} with 400 and a message`, async () => {
      const answer = await control('/apps', body);

      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ error: 'invalid_request', message: expect.any(String) });
    });
  }
});

describe('POST /__sandbox/tokens/expire', () => {
  it("expires one company's access tokens; their refresh tokens still work", async () => {
    const robotics = await connect('Acme Robotics Inc.');
    const labs = await connect('Acme Labs LLC');

    const answer = await control('/tokens/expire', {
      company_uuid: companyUuid('Acme Robotics Inc.'),
    });
    expect(answer).toEqual({ status: 200, json: { expired: 1 } });
    expect(await tokenInfoStatus(robotics.access_token)).toBe(401);
    expect(await tokenInfoStatus(labs.access_token)).toBe(200);

    const refreshed = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: SEED_APP.client_id,
        client_secret: SEED_APP.client_secret,
        grant_type: 'refresh_token',
        refresh_token: robotics.refresh_token,
      }).toString(),
    });
    expect(refreshed.status).toBe(200);
  });
});

describe('POST /__sandbox/grants/revoke', () => {
  it('revokes the grants of one company, or all', async () => {
    const robotics = await connect('Acme Robotics Inc.');
    const labs = await connect('Acme Labs LLC');

    expect(await control('/grants/revoke', { company_uuid: companyUuid('Acme Labs LLC') })).toEqual(
      {
        status: 200,
        json: { revoked: 1 },
      },
    );
    expect(await tokenInfoStatus(labs.access_token)).toBe(401);
    expect(await tokenInfoStatus(robotics.access_token)).toBe(200);
    expect(await control('/grants/revoke', '')).toEqual({ status: 200, json: { revoked: 1 } });
    expect(await tokenInfoStatus(robotics.access_token)).toBe(401);
  });

  it('answers an unknown company with 400', async () => {
    const answer = await control('/grants/revoke', { company_uuid: 'nope' });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ message: expect.stringContaining('no company nope') });
  });
});

describe('POST /__sandbox/clock', () => {
  it('moves the sandbox clock forward', async () => {
    const before = sandbox.ctx.store.nowSeconds();
    const answer = await control('/clock', { advance_seconds: 3600 });

    expect(answer.status).toBe(200);
    expect((answer.json as { now: number }).now).toBeGreaterThanOrEqual(before + 3600);
  });

  for (const body of [
    {},
    { advance_seconds: -1 },
    { advance_seconds: '60' },
    { advance_seconds: 1.5 },
  ]) {
    it(`answers ${JSON.stringify(body)} with 400`, async () => {
      expect((await control('/clock', body)).status).toBe(400);
    });
  }
});

describe('POST /__sandbox/reset', () => {
  it('seeds again, drops what was added, and keeps registered applications', async () => {
    const created = await control('/apps', {
      name: 'Kept',
      redirect_uris: ['http://127.0.0.1:6/cb'],
    });
    const { client_id } = created.json as { client_id: string };
    const robotics = await connect('Acme Robotics Inc.');
    await control('/clock', { advance_seconds: 60 });

    expect(await control('/reset', {})).toEqual({ status: 200, json: { reset: true } });
    const data = sandbox.ctx.store.data;
    expect(data.apps[client_id]?.name).toBe('Kept');
    expect(data.clock_offset_seconds).toBe(0);
    expect(
      Object.values(data.companies)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['Acme Labs LLC', 'Acme Robotics Inc.']);
    expect(Object.keys(data.employees)).toHaveLength(3);
    expect(await tokenInfoStatus(robotics.access_token)).toBe(401);
  });
});
