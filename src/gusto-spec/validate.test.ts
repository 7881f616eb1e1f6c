import { describe, expect, it } from 'vitest';
import { findOperation, listOperationIds } from './find-operation.js';
import { validateRequestBody, validateResponse } from './validate.js';

const companyId = '0c2b3d6e-1f4a-4b5c-8d9e-0a1b2c3d4e5f';
const employeeId = '7f1e2d3c-4b5a-4968-8776-655443322110';

function employee(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uuid: employeeId,
    first_name: 'Ada',
    last_name: 'Quill',
    company_uuid: companyId,
    version: 'a5cec1f1c0135feb3e76ca6ea3c46176',
    onboarded: false,
    onboarding_status: 'admin_onboarding_incomplete',
    jobs: [],
    ...overrides,
  };
}

function errorsOf(result: ReturnType<typeof validateResponse>): readonly string[] {
  return result.ok ? [] : result.errors;
}

describe('findOperation', () => {
  it('matches a templated path and names the document that answered', () => {
    const found = findOperation('POST', `/v1/companies/${companyId}/employees`);

    expect(found?.operationId).toBe('post-v1-employees');
    expect(found?.pathTemplate).toBe('/v1/companies/{company_id}/employees');
    expect(found?.document).toBe('app-integrations-2025-06-15');
  });

  it('prefers a literal segment over a template slot', () => {
    expect(findOperation('GET', '/v1/token_info')?.operationId).toBe('get-v1-token-info');
  });

  it('finds the OAuth endpoints and ignores the query string', () => {
    expect(findOperation('post', '/oauth/token?x=1')?.operationId).toBe('oauth-access-token');
    expect(findOperation('POST', '/oauth/revoke')?.pathTemplate).toBe('/oauth/revoke');
  });

  it('falls back to the Embedded document for operations the App Integrations one dropped', () => {
    const found = findOperation('POST', `/v1/employees/${employeeId}/jobs`);

    expect(found?.document).toBe('embedded-2025-11-15');
  });

  it('answers undefined for an unknown path or method', () => {
    expect(findOperation('GET', '/v1/nothing/here')).toBeUndefined();
    expect(findOperation('PATCH', '/v1/token_info')).toBeUndefined();
  });

  it('lists every operationId of a document', () => {
    const ids = listOperationIds('app-integrations-2025-06-15');

    expect(ids).toHaveLength(137);
    expect(ids).toContain('post-v1-employees');
  });
});

describe('validateRequestBody', () => {
  const path = `/v1/companies/${companyId}/employees`;

  it('accepts a valid employee create body', () => {
    const body = {
      first_name: 'Ada',
      last_name: 'Quill',
      email: 'ada@example.test',
      date_of_birth: '1990-04-01',
      ssn: '123456789',
      self_onboarding: true,
    };

    expect(validateRequestBody('POST', path, body)).toMatchObject({ ok: true });
  });

  it('names /ssn when the SSN is not nine digits', () => {
    const result = validateRequestBody('POST', path, {
      first_name: 'Ada',
      last_name: 'Quill',
      ssn: '12-345',
    });

    expect(result.ok).toBe(false);
    expect(errorsOf(result).join('\n')).toContain('/ssn');
  });

  it('names a missing required field and a bad date', () => {
    const result = validateRequestBody('POST', path, {
      first_name: 'Ada',
      date_of_birth: '1/4/90',
    });

    expect(errorsOf(result)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/last_name is required'),
        expect.stringContaining('/date_of_birth must match format "date"'),
      ]),
    );
  });
});

describe('validateResponse', () => {
  const path = `/v1/employees/${employeeId}`;

  it('accepts a valid employee', () => {
    expect(validateResponse('GET', path, 200, employee())).toMatchObject({
      ok: true,
      operationId: 'get-v1-employees',
    });
  });

  it('fails an employee without uuid', () => {
    const { uuid: _dropped, ...withoutUuid } = employee();
    const result = validateResponse('GET', path, 200, withoutUuid);

    expect(errorsOf(result).join('\n')).toContain('/uuid is required');
  });

  it('fails an employee with an unknown onboarding_status', () => {
    const result = validateResponse('GET', path, 200, employee({ onboarding_status: 'bogus' }));

    expect(result.ok).toBe(false);
    expect(errorsOf(result).join('\n')).toContain('/onboarding_status');
  });

  it('accepts a 422 errors body', () => {
    const body = {
      errors: [
        { error_key: 'first_name', category: 'invalid_attribute_value', message: 'Is required' },
      ],
    };

    expect(validateResponse('POST', `/v1/companies/${companyId}/employees`, 422, body).ok).toBe(
      true,
    );
  });

  it('fails a status the operation does not declare', () => {
    const result = validateResponse(
      'POST',
      `/v1/companies/${companyId}/employees`,
      200,
      employee(),
    );

    expect(errorsOf(result)).toEqual(['response 200: status not declared for the operation']);
  });

  it('fails a 5xx even though it carries an errors body', () => {
    const body = { errors: [{ error_key: 'base', category: 'internal_error' }] };

    expect(validateResponse('GET', path, 500, body).ok).toBe(false);
  });

  it('requires an empty body where the status declares no content', () => {
    expect(validateResponse('DELETE', path, 204, undefined).ok).toBe(true);
    expect(validateResponse('DELETE', path, 204, {}).ok).toBe(false);
  });

  it('fails an unknown operation without an operationId', () => {
    expect(validateResponse('GET', '/v1/nothing', 200, {})).toMatchObject({
      ok: false,
      operationId: undefined,
    });
  });
});
