import { describe, expect, it } from 'vitest';
import { validateRequestBody, validateResponse } from './validate.js';
import { validateRequestQuery } from './validate-query.js';

const companyId = '0c2b3d6e-1f4a-4b5c-8d9e-0a1b2c3d4e5f';
const client = { client_id: 'hirebridge-local', client_secret: 'hirebridge-local-secret' };

function errorsOf(result: ReturnType<typeof validateResponse>): readonly string[] {
  return result.ok ? [] : result.errors;
}

describe('token endpoint requests', () => {
  it('holds authorization_code requests to RFC 6749 §4.1.3', () => {
    const body = {
      ...client,
      grant_type: 'authorization_code',
      code: 'abc',
      redirect_uri: 'http://localhost:3000/integrations/gusto/callback',
    };

    expect(validateRequestBody('POST', '/oauth/token', body).ok).toBe(true);

    const { code: _dropped, ...withoutCode } = body;
    expect(errorsOf(validateRequestBody('POST', '/oauth/token', withoutCode))).toEqual([
      'request body /code is required',
    ]);
  });

  it('takes the refresh_token and system_access requests from the document', () => {
    const refresh = { ...client, grant_type: 'refresh_token', refresh_token: 'r' };

    expect(validateRequestBody('POST', '/oauth/token', refresh).ok).toBe(true);
    expect(
      validateRequestBody('POST', '/oauth/token', { ...client, grant_type: 'system_access' }),
    ).toMatchObject({ ok: true });
    expect(
      validateRequestBody('POST', '/oauth/token', { ...client, grant_type: 'password' }).ok,
    ).toBe(false);
  });

  it('accepts form-encoded token requests but no other undeclared content type', () => {
    const refresh = { ...client, grant_type: 'refresh_token', refresh_token: 'r' };
    const form = 'application/x-www-form-urlencoded';

    expect(validateRequestBody('POST', '/oauth/token', refresh, form).ok).toBe(true);
    expect(
      errorsOf(validateRequestBody('POST', `/v1/companies/${companyId}/locations`, {}, form)),
    ).toEqual([`request body: content type ${form} is not declared`]);
  });

  it('requires the body the revoke endpoint declares as required', () => {
    expect(validateRequestBody('POST', '/oauth/revoke', undefined).ok).toBe(false);
    expect(validateRequestBody('POST', '/oauth/revoke', { ...client, token: 't' }).ok).toBe(true);
  });
});

describe('token endpoint responses', () => {
  it('accepts a refresh answer although both branches of Authentication match it', () => {
    const token = {
      access_token: 'a',
      refresh_token: 'r',
      token_type: 'Bearer',
      created_at: 1780392797,
      expires_in: 7200,
      scope: 'public',
    };

    expect(validateResponse('POST', '/oauth/token', 200, token).ok).toBe(true);
    expect(validateResponse('POST', '/oauth/revoke', 200, undefined).ok).toBe(true);
  });

  it('holds OAuth errors to RFC 6749 §5.2', () => {
    const invalidGrant = { error: 'invalid_grant', error_description: 'The grant is invalid.' };

    expect(validateResponse('POST', '/oauth/token', 400, invalidGrant).ok).toBe(true);
    expect(validateResponse('POST', '/oauth/token', 400, { error: 'nope' }).ok).toBe(false);
    expect(validateResponse('POST', '/oauth/token', 500, invalidGrant).ok).toBe(false);
  });
});

describe('cross-cutting API errors', () => {
  const path = `/v1/companies/${companyId}`;

  it('accepts 401, 403, 406 and 429 with an errors array, as Gusto documents for every endpoint', () => {
    const body = { errors: [{ error_key: 'request', category: 'invalid_token', message: 'x' }] };

    for (const status of [401, 403, 406, 429]) {
      expect(validateResponse('GET', path, status, body).ok).toBe(true);
    }
    expect(validateResponse('GET', path, 401, { error: 'invalid_token' }).ok).toBe(false);
  });

  it('accepts error metadata listing entities, which matches both metadata branches', () => {
    const entity = { entity_type: 'Employee', entity_uuid: 'e1' };
    const body = {
      errors: [
        { error_key: 'base', category: 'invalid_operation', metadata: { entities: [entity] } },
      ],
    };

    expect(validateResponse('GET', path, 403, body).ok).toBe(true);
  });
});

describe('validateRequestQuery', () => {
  const path = `/v1/companies/${companyId}/employees`;

  it('accepts declared parameters of the declared types', () => {
    const query =
      '?search_term=ada&onboarded=false&page=2&per=25&include=custom_fields,company_name';

    expect(validateRequestQuery('GET', `${path}${query}`)).toMatchObject({
      ok: true,
      operationId: 'get-v1-companies-company_id-employees',
    });
  });

  it('names each wrong parameter', () => {
    const result = validateRequestQuery('GET', `${path}?onboarded=yes&include=everything`);

    expect(errorsOf(result)).toHaveLength(2);
    expect(errorsOf(result)).toEqual(
      expect.arrayContaining([
        'query /onboarded must be boolean',
        expect.stringContaining('query /include/0 must be one of'),
      ]),
    );
  });

  it('lets undeclared parameters through', () => {
    expect(validateRequestQuery('GET', `${path}?utm=1`).ok).toBe(true);
  });
});
