import { Writable } from 'node:stream';
import { resetEnv } from '@gusto/embedded-api-v-2026-06-15/lib/env.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import type { GustoContext } from './call-gusto.js';
import { getCompany } from './company.js';
import { createEmployee } from './employees.js';
import { exchangeAuthorizationCode, refreshAccessToken } from './oauth.js';
import { connectionReset, jsonResponse, scriptedFetch } from './test-fetch.js';

const CANARY = {
  access_token: 'canary-access-7f3a9c21d5',
  refresh_token: 'canary-refresh-2b8e4f6a10',
  client_secret: 'canary-secret-9d1c7e3b55',
  code: 'canary-code-4a6f2d8c91',
  new_access_token: 'canary-new-access-6e2b9a4c',
  new_refresh_token: 'canary-new-refresh-1c5d8f3e',
};

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });

  return { lines, logger: createLogger({ level: 'debug' }, stream) };
}

const tokenBody = {
  access_token: CANARY.new_access_token,
  refresh_token: CANARY.new_refresh_token,
  token_type: 'Bearer',
  expires_in: 7200,
  created_at: 1780392797,
  scope: 'public',
};

describe('request logging', () => {
  it('logs one line per request: method, path template, status, duration, id', async () => {
    const { lines, logger } = capture();
    const scripted = scriptedFetch(jsonResponse(200, { uuid: 'c1', name: 'Acme' }));
    const ctx: GustoContext = {
      baseUrl: 'http://127.0.0.1:9',
      access_token: CANARY.access_token,
      fetch: scripted.fetch,
      logger,
    };
    await getCompany(ctx, { company_id: 'c1' });

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toMatchObject({
      method: 'GET',
      path: '/v1/companies/{company_id}',
      status: 200,
      request_id: 'req-200',
      attempt: 1,
      msg: 'gusto request',
    });
    expect(typeof line.duration_ms).toBe('number');
  });

  it('never writes a token, secret or code, even when failures are logged', async () => {
    const { lines, logger } = capture();
    const echo = { errors: [{ error_key: 'x', category: 'y', message: CANARY.access_token }] };
    const scripted = scriptedFetch(
      jsonResponse(200, tokenBody),
      jsonResponse(200, tokenBody),
      jsonResponse(401, echo),
      connectionReset(),
    );
    const options = { fetch: scripted.fetch, logger };
    const client = {
      baseUrl: 'http://127.0.0.1:9',
      client_id: 'id',
      client_secret: CANARY.client_secret,
    };

    const grant = { ...client, code: CANARY.code, redirect_uri: 'http://127.0.0.1/cb' };
    const exchanged = await exchangeAuthorizationCode(grant, options);
    await refreshAccessToken({ ...client, refresh_token: CANARY.refresh_token }, options);
    logger.info({ exchanged, note: `refreshed ${exchanged.access_token}` }, 'stored tokens');

    const ctx: GustoContext = {
      ...options,
      baseUrl: client.baseUrl,
      access_token: CANARY.access_token,
    };
    for (const call of [
      () => getCompany(ctx, { company_id: 'c1' }),
      () => createEmployee(ctx, { company_id: 'c1', first_name: 'A', last_name: 'B' }),
    ]) {
      await call().catch((err: unknown) => logger.error({ err, ctx }, `gusto call failed: ${err}`));
    }

    const output = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const secret of Object.values(CANARY)) expect(output).not.toContain(secret);
  });
});

describe("the SDK's own debug logging", () => {
  it('stays off when GUSTOEMBEDDED_DEBUG is set: the token never reaches the console', async () => {
    const printed: string[] = [];
    const keep = { log: console.log, group: console.group, groupEnd: console.groupEnd };
    const record = (...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    };
    Object.assign(console, { log: record, group: record, groupEnd: () => {} });
    process.env.GUSTOEMBEDDED_DEBUG = 'true';
    resetEnv();
    try {
      const scripted = scriptedFetch(jsonResponse(200, { uuid: 'c1', name: 'Acme' }));
      const ctx: GustoContext = {
        baseUrl: 'http://127.0.0.1:9',
        access_token: CANARY.access_token,
        fetch: scripted.fetch,
      };
      await getCompany(ctx, { company_id: 'c1' });
    } finally {
      Object.assign(console, keep);
      delete process.env.GUSTOEMBEDDED_DEBUG;
      resetEnv();
    }

    expect(printed).toEqual([]);
  });
});
