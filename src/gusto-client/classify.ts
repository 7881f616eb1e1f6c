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

/** What the caller should do next. */
export type ErrorKind =
  | 'reauth'
  | 'validation'
  | 'conflict'
  | 'rate_limited'
  | 'transient'
  | 'permanent';

/** classify()'s verdict, with the reason to log. */
export interface Classification {
  kind: ErrorKind;
  reason: string;
  /**
   * True when the request may have changed Gusto although no answer said so (timeout, dropped
   * connection, 5xx on a non-GET): look the resource up before creating it again.
   */
  outcomeUnknown: boolean;
}

/** Methods that never change anything at Gusto. */
function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/**
 * OAuth error codes that mean the grant itself is gone: only a new authorization helps.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
const REAUTH_OAUTH_CODES = new Set(['invalid_grant', 'invalid_token']);

/** RFC 6749 §4.1.2.1 codes that describe a passing condition at the server. */
const TRANSIENT_OAUTH_CODES = new Set(['temporarily_unavailable', 'server_error']);

function classifyOAuth(error: GustoOAuthError): Classification {
  const reason = `oauth ${error.error}`;
  if (REAUTH_OAUTH_CODES.has(error.error)) return { kind: 'reauth', reason, outcomeUnknown: false };
  if (TRANSIENT_OAUTH_CODES.has(error.error)) {
    return { kind: 'transient', reason, outcomeUnknown: false };
  }

  return { kind: 'permanent', reason, outcomeUnknown: false };
}

function known(kind: ErrorKind, reason: string): Classification {
  return { kind, reason, outcomeUnknown: false };
}

function classifyNoAnswer(error: GustoConnectionError | GustoTimeoutError): Classification {
  const sent = error instanceof GustoTimeoutError || error.mayHaveBeenSent;
  const what = error instanceof GustoTimeoutError ? 'timeout' : 'connection failed';
  const reason = sent ? what : `${what} before sending`;

  return { kind: 'transient', reason, outcomeUnknown: sent && !isSafeMethod(error.method) };
}

function classifyBody(error: GustoUnexpectedBodyError): Classification {
  // A 2xx create with an unreadable body most likely created the resource.
  const created = !isSafeMethod(error.method) && error.status !== null && error.status < 300;

  return {
    kind: 'permanent',
    reason: `unexpected body: ${error.problem}`,
    outcomeUnknown: created,
  };
}

/** The same redirect would come again: a person must look at the configured Gusto address. */
function classifyRedirect(error: GustoRedirectError): Classification {
  return {
    kind: 'permanent',
    reason: 'Gusto answered with a redirect, which Hirebridge does not follow',
    outcomeUnknown: !isSafeMethod(error.method),
  };
}

/**
 * Decides, for any error thrown by this client, whether to reauthorize, show the user, re-read
 * and retry, wait, retry later, or give up; and whether a create may already have happened.
 */
export function classify(error: unknown): Classification {
  if (error instanceof GustoOAuthError) return classifyOAuth(error);
  if (error instanceof GustoUnauthorizedError) return known('reauth', 'access token refused (401)');
  if (error instanceof GustoForbiddenError)
    return known('permanent', 'scope or access missing (403)');
  if (error instanceof GustoNotFoundError) return known('permanent', 'not found (404)');
  if (error instanceof GustoConflictError) return known('conflict', 'stale version (409)');
  if (error instanceof GustoValidationError) return known('validation', 'rejected content (422)');
  if (error instanceof GustoRateLimitedError) return known('rate_limited', 'rate limited (429)');
  if (error instanceof GustoServerError) {
    const reason = `server error (${error.status})`;
    return { kind: 'transient', reason, outcomeUnknown: !isSafeMethod(error.method) };
  }
  if (error instanceof GustoConnectionError || error instanceof GustoTimeoutError) {
    return classifyNoAnswer(error);
  }
  if (error instanceof GustoRedirectError) return classifyRedirect(error);
  if (error instanceof GustoUnexpectedBodyError) return classifyBody(error);
  if (error instanceof GustoRequestRejectedError) {
    return known('permanent', `request rejected (${error.status})`);
  }
  if (error instanceof GustoInvalidInputError) return known('permanent', 'invalid input, not sent');

  return known('permanent', `unexpected ${error instanceof Error ? error.name : typeof error}`);
}
