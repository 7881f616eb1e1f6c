import { describe, expect, it } from 'vitest';
import { type Classification, classify } from './classify.js';
import {
  GustoConflictError,
  GustoConnectionError,
  GustoForbiddenError,
  GustoInvalidInputError,
  GustoNotFoundError,
  GustoOAuthError,
  GustoRateLimitedError,
  GustoRedirectError,
  GustoRequestRejectedError,
  GustoServerError,
  GustoTimeoutError,
  GustoUnauthorizedError,
  GustoUnexpectedBodyError,
  GustoValidationError,
} from './errors.js';

const GET = { method: 'GET', path: '/v1/employees/{employee_id}', requestId: 'r1' };
const POST = { method: 'POST', path: '/v1/companies/{company_id}/employees', requestId: 'r1' };
const PUT = { method: 'PUT', path: '/v1/compensations/{compensation_id}', requestId: 'r1' };
const TOKEN = { method: 'POST', path: '/oauth/token', requestId: 'r1' };

const oauth = (error: string) =>
  new GustoOAuthError({ ...TOKEN, status: 400, error, error_description: null });

type Row = [string, unknown, Classification['kind'], boolean];

const table: Row[] = [
  ['invalid_grant on refresh', oauth('invalid_grant'), 'reauth', false],
  ['invalid_client', oauth('invalid_client'), 'permanent', false],
  ['unsupported_grant_type', oauth('unsupported_grant_type'), 'permanent', false],
  ['temporarily_unavailable', oauth('temporarily_unavailable'), 'transient', false],
  ['401 invalid_token', new GustoUnauthorizedError({ ...GET, status: 401 }), 'reauth', false],
  ['403 missing scope', new GustoForbiddenError({ ...POST, status: 403 }), 'permanent', false],
  ['404', new GustoNotFoundError({ ...GET, status: 404 }), 'permanent', false],
  ['409 stale version', new GustoConflictError({ ...PUT, status: 409 }), 'conflict', false],
  [
    '422 on create',
    new GustoValidationError({ ...POST, status: 422, errors: [] }),
    'validation',
    false,
  ],
  [
    '429 on create',
    new GustoRateLimitedError({ ...POST, status: 429, retryAfterSeconds: 30 }),
    'rate_limited',
    false,
  ],
  [
    '502 on GET',
    new GustoServerError({ ...GET, status: 502, retryAfterSeconds: null }),
    'transient',
    false,
  ],
  [
    '500 on create',
    new GustoServerError({ ...POST, status: 500, retryAfterSeconds: null }),
    'transient',
    true,
  ],
  [
    '503 on versioned PUT',
    new GustoServerError({ ...PUT, status: 503, retryAfterSeconds: null }),
    'transient',
    true,
  ],
  [
    'timeout on create',
    new GustoTimeoutError({ ...POST, status: null, timeoutMs: 15000 }),
    'transient',
    true,
  ],
  [
    'timeout on GET',
    new GustoTimeoutError({ ...GET, status: null, timeoutMs: 15000 }),
    'transient',
    false,
  ],
  [
    'connection reset on create',
    new GustoConnectionError({ ...POST, status: null, mayHaveBeenSent: true }),
    'transient',
    true,
  ],
  [
    'connection refused on create',
    new GustoConnectionError({ ...POST, status: null, mayHaveBeenSent: false }),
    'transient',
    false,
  ],
  ['redirect on create', new GustoRedirectError({ ...POST, status: null }), 'permanent', true],
  ['redirect on GET', new GustoRedirectError({ ...GET, status: null }), 'permanent', false],
  [
    'unreadable 201 on create',
    new GustoUnexpectedBodyError({ ...POST, status: 201, problem: 'body is not JSON' }),
    'permanent',
    true,
  ],
  [
    'unreadable 200 on GET',
    new GustoUnexpectedBodyError({ ...GET, status: 200, problem: 'missing uuid' }),
    'permanent',
    false,
  ],
  [
    '406 bad API version',
    new GustoRequestRejectedError({ ...GET, status: 406 }),
    'permanent',
    false,
  ],
  [
    'input refused before sending',
    new GustoInvalidInputError({ ...POST, status: null, problem: 'RangeError' }),
    'permanent',
    false,
  ],
  ['a foreign error', new RangeError('boom'), 'permanent', false],
  ['a thrown string', 'boom', 'permanent', false],
];

describe('classify', () => {
  it.each(table)('%s', (_name, error, kind, outcomeUnknown) => {
    const verdict = classify(error);
    expect(verdict.kind).toBe(kind);
    expect(verdict.outcomeUnknown).toBe(outcomeUnknown);
    expect(verdict.reason.length).toBeGreaterThan(0);
  });

  it('names the OAuth code in its reason', () => {
    expect(classify(oauth('invalid_grant')).reason).toContain('invalid_grant');
  });
});
