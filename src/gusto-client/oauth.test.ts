import { describe, expect, it } from 'vitest';
import {
  GustoOAuthError,
  GustoRateLimitedError,
  GustoServerError,
  GustoUnauthorizedError,
  GustoUnexpectedBodyError,
} from './errors.js';
import {
  accessTokenExpiresAt,
  buildAuthorizationCodeRequest,
  buildAuthorizationUrl,
  buildRefreshTokenRequest,
  buildRevocationRequest,
  exchangeAuthorizationCode,
  processAuthorizationCodeResponse,
  processRefreshTokenResponse,
  processRevocationResponse,
  refreshAccessToken,
  revokeToken,
} from './oauth.js';
import { jsonResponse, requestViolations, scriptedFetch } from './test-fetch.js';

const BASE = 'http://127.0.0.1:9';
const CLIENT = { baseUrl: BASE, client_id: 'client-id-0001', client_secret: 'client-secret-0001' };

const TOKEN_BODY = {
  access_token: 'new-access-token-0001',
  refresh_token: 'new-refresh-token-0001',
  token_type: 'Bearer',
  expires_in: 7200,
  scope: 'public employees:manage',
  created_at: 1780392797,
};

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a failure'),
    (error: unknown) => error,
  );
}

describe('authorization URL', () => {
  it('carries client_id, redirect_uri, response_type=code and state, and no scope', () => {
    const url = new URL(
      buildAuthorizationUrl({
        baseUrl: BASE,
        client_id: 'client-id-0001',
        redirect_uri: 'http://127.0.0.1:3000/integrations/gusto/callback?x=1',
        state: 'st&te=1',
      }),
    );

    expect(url.origin + url.pathname).toBe(`${BASE}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-id-0001',
      redirect_uri: 'http://127.0.0.1:3000/integrations/gusto/callback?x=1',
      response_type: 'code',
      state: 'st&te=1',
    });
  });
});

describe('token requests', () => {
  it('sends the authorization_code grant as JSON to /oauth/token', async () => {
    const request = buildAuthorizationCodeRequest({
      ...CLIENT,
      code: 'auth-code-0001',
      redirect_uri: 'http://127.0.0.1:3000/cb',
    });

    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${BASE}/oauth/token`);
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.json()).toEqual({
      client_id: 'client-id-0001',
      client_secret: 'client-secret-0001',
      code: 'auth-code-0001',
      redirect_uri: 'http://127.0.0.1:3000/cb',
      grant_type: 'authorization_code',
    });
  });

  it('sends the refresh_token grant', async () => {
    const request = buildRefreshTokenRequest({ ...CLIENT, refresh_token: 'old-refresh-0001' });

    expect(await request.json()).toEqual({
      client_id: 'client-id-0001',
      client_secret: 'client-secret-0001',
      grant_type: 'refresh_token',
      refresh_token: 'old-refresh-0001',
    });
  });

  it('exchanges, refreshes and revokes within the contract of Gusto’s OpenAPI documents', async () => {
    const scripted = scriptedFetch(
      jsonResponse(200, TOKEN_BODY),
      jsonResponse(200, TOKEN_BODY),
      new Response(null, { status: 200 }),
    );
    const options = { fetch: scripted.fetch };
    const grant = { ...CLIENT, code: 'auth-code-0001', redirect_uri: 'http://127.0.0.1/cb' };

    expect(await exchangeAuthorizationCode(grant, options)).toEqual(TOKEN_BODY);
    await refreshAccessToken({ ...CLIENT, refresh_token: 'old-refresh-0001' }, options);
    await revokeToken({ ...CLIENT, token: 'old-refresh-0001' }, options);

    expect(scripted.requests.map((r) => new URL(r.url).pathname)).toEqual([
      '/oauth/token',
      '/oauth/token',
      '/oauth/revoke',
    ]);
    expect(requestViolations(scripted)).toEqual([]);
  });
});

describe('processing token responses', () => {
  it('types a 200 and computes the expiry from created_at', async () => {
    const token = await processRefreshTokenResponse(jsonResponse(200, TOKEN_BODY));

    expect(token).toEqual(TOKEN_BODY);
    expect(accessTokenExpiresAt(token).toISOString()).toBe('2026-06-02T11:33:17.000Z');
  });

  it('accepts a lower-case token_type and a missing scope', async () => {
    const { scope: _, ...rest } = TOKEN_BODY;
    const token = await processAuthorizationCodeResponse(
      jsonResponse(200, { ...rest, token_type: 'bearer' }),
    );

    expect(token).toMatchObject({ token_type: 'Bearer', scope: '' });
  });

  it('turns an RFC 6749 error body into an OAuth error with its code', async () => {
    const body = { error: 'invalid_grant', error_description: 'The provided grant is invalid' };
    const error = await failureOf(processRefreshTokenResponse(jsonResponse(400, body)));

    expect(error).toBeInstanceOf(GustoOAuthError);
    expect(error).toMatchObject({ error: 'invalid_grant', status: 400, requestId: 'req-400' });
  });

  it('keeps invalid_client on 401 an OAuth error', async () => {
    const error = await failureOf(
      processAuthorizationCodeResponse(jsonResponse(401, { error: 'invalid_client' })),
    );

    expect(error).toMatchObject({ name: 'GustoOAuthError', error: 'invalid_client' });
  });

  it('maps a 401 without an OAuth body by its status', async () => {
    const error = await failureOf(processRefreshTokenResponse(jsonResponse(401, '')));

    expect(error).toBeInstanceOf(GustoUnauthorizedError);
  });

  it('keeps 429 and 5xx as rate limit and server error', async () => {
    const limited = await failureOf(
      processRefreshTokenResponse(jsonResponse(429, {}, { 'retry-after': '30' })),
    );
    const failed = await failureOf(processRefreshTokenResponse(jsonResponse(502, 'bad gateway')));

    expect(limited).toBeInstanceOf(GustoRateLimitedError);
    expect((limited as GustoRateLimitedError).retryAfterSeconds).toBe(30);
    expect(failed).toBeInstanceOf(GustoServerError);
  });

  it('calls malformed JSON and a missing refresh_token unexpected bodies', async () => {
    const malformed = await failureOf(processRefreshTokenResponse(jsonResponse(200, '{"access')));
    const { refresh_token: _, ...noRefresh } = TOKEN_BODY;
    const partial = await failureOf(processRefreshTokenResponse(jsonResponse(200, noRefresh)));

    expect(malformed).toBeInstanceOf(GustoUnexpectedBodyError);
    expect(partial).toBeInstanceOf(GustoUnexpectedBodyError);
    expect((partial as GustoUnexpectedBodyError).problem).toContain('refresh_token');
    expect(String(partial)).not.toContain('new-access-token-0001');
  });
});

describe('revocation', () => {
  it('sends the token with the client credentials', async () => {
    const request = buildRevocationRequest({ ...CLIENT, token: 'old-refresh-0001' });

    expect(request.url).toBe(`${BASE}/oauth/revoke`);
    expect(await request.json()).toEqual({
      client_id: 'client-id-0001',
      client_secret: 'client-secret-0001',
      token: 'old-refresh-0001',
    });
  });

  it('accepts a bodyless 200 and refuses an OAuth error', async () => {
    await processRevocationResponse(new Response(null, { status: 200 }));
    const error = await failureOf(
      processRevocationResponse(jsonResponse(401, { error: 'invalid_client' })),
    );

    expect(error).toMatchObject({ name: 'GustoOAuthError', path: '/oauth/revoke' });
  });
});
