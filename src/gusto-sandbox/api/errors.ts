import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * One entry of Gusto's error body. The shape is the App Integrations spec's
 * `Entity-Error-Object`; categories are those of Gusto's "Error categories" guide.
 */
export interface GustoErrorEntry {
  error_key: string;
  category: string;
  message: string;
  metadata?: Record<string, unknown>;
}

/** A refusal the API answers as `{"errors":[...]}` with its HTTP status. */
export class GustoApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly errors: GustoErrorEntry[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'GustoApiError';
  }
}

/** The JSON body Gusto sends with every API error since v2023-02-01. */
export function errorBody(errors: GustoErrorEntry[]): { errors: GustoErrorEntry[] } {
  return { errors };
}

/** Answers a `GustoApiError` in Gusto's shape. */
export function answerApiError(c: Context, error: GustoApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);

  return c.json(errorBody(error.errors), error.status);
}

/** 401 `invalid_token`: "The token is invalid, expired, or has not been included" (Error categories). */
export function invalidTokenError(message: string): GustoApiError {
  return new GustoApiError(401, [{ error_key: 'base', category: 'invalid_token', message }]);
}

/**
 * 403 for a scope the token lacks, in the shape Gusto's CLI documents as returned live:
 * category `missing_oauth_scopes` with `metadata.missing_scope_name`.
 */
export function missingScopeError(scope: string): GustoApiError {
  return new GustoApiError(403, [
    {
      error_key: 'base',
      category: 'missing_oauth_scopes',
      message: `This action requires the ${scope} scope, which the access token does not have.`,
      metadata: { missing_scope_name: scope },
    },
  ]);
}

/** 403 for a resource of a company the (strict, one-company) token does not reach. */
export function otherCompanyError(): GustoApiError {
  return new GustoApiError(403, [
    {
      error_key: 'base',
      category: 'missing_permissions',
      message: 'The access token does not have access to this company.',
    },
  ]);
}

/** 404 with the spec's `Not-Found-Error-Object` example body. */
export function notFoundError(message = 'The requested resource was not found.'): GustoApiError {
  return new GustoApiError(404, [{ error_key: 'request', category: 'not_found', message }]);
}

/** 406 for an unsupported `X-Gusto-API-Version` (Error categories: `invalid_api_version`). */
export function invalidApiVersionError(value: string): GustoApiError {
  return new GustoApiError(406, [
    {
      error_key: 'request',
      category: 'invalid_api_version',
      message: `Invalid API Version \`${value}\`. Supported versions: 2025-06-15, 2026-06-15.`,
    },
  ]);
}

/** 409 with the spec's `Conflict-Error-Object` example: optimistic locking on `version`. */
export function staleVersionError(): GustoApiError {
  return new GustoApiError(409, [
    {
      error_key: 'base',
      category: 'invalid_resource_version',
      message: 'You are attempting to update a resource using an out-of-date version.',
    },
  ]);
}

/** 422 `invalid_attribute_value` for one field. */
export function attributeError(error_key: string, message: string): GustoErrorEntry {
  return { error_key, category: 'invalid_attribute_value', message };
}

/** 422 with the given entries. */
export function unprocessableError(errors: GustoErrorEntry[]): GustoApiError {
  return new GustoApiError(422, errors);
}

/** 422 `invalid_operation` on the resource as a whole. */
export function invalidOperationError(message: string): GustoApiError {
  return unprocessableError([{ error_key: 'base', category: 'invalid_operation', message }]);
}

/** 429 once the grant's rolling window is full (Gusto rate limits guide). */
export function rateLimitedError(retryAfterSeconds: number): GustoApiError {
  return new GustoApiError(
    429,
    [
      {
        error_key: 'base',
        category: 'rate_limit_exceeded',
        message: `Rate limit exceeded. Retry after ${retryAfterSeconds} seconds.`,
      },
    ],
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/** The error body the fault injector sends for a status it is told to answer. */
export function faultErrorEntry(status: number): GustoErrorEntry {
  if (status >= 500) {
    return {
      error_key: 'base',
      category: 'internal_error',
      message: 'An unexpected error has occurred.',
    };
  }

  return { error_key: 'base', category: 'injected_fault', message: `Injected fault ${status}.` };
}
