import { inspect } from 'node:util';

/** Where a failed call went: enough to log and to classify, never the URL's query or body. */
export interface RequestLabel {
  /** HTTP method, upper case. */
  method: string;
  /** Path template such as `/v1/companies/{company_id}/employees`; never the filled-in path. */
  path: string;
}

/** What every Gusto failure carries besides its message. */
export interface GustoErrorDetails extends RequestLabel {
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  /** Gusto's `x-request-id`, the handle their support asks for. */
  requestId: string | null;
  /** The response body as received; kept out of toString, JSON and logs. */
  rawBody?: string | null;
  /** The low-level failure, if any (never a Request or Response, which may hold tokens). */
  cause?: unknown;
}

/**
 * Base of the closed set of Gusto client failures. The raw body lives in a private field so
 * that pino's error serializer, JSON.stringify and util.inspect never print it.
 */
export abstract class GustoError extends Error {
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  readonly requestId: string | null;
  readonly #rawBody: string | null;

  constructor(message: string, details: GustoErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.requestId = details.requestId;
    this.#rawBody = details.rawBody ?? null;
  }

  /** The response body exactly as Gusto sent it; read it deliberately, never log it. */
  rawBody(): string | null {
    return this.#rawBody;
  }

  /** A log-safe summary: no body, no headers, no tokens. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      requestId: this.requestId,
    };
  }

  /** util.inspect (console.log, test failures) shows the same safe summary. */
  [inspect.custom](): string {
    return `${this.name} ${JSON.stringify(this.toJSON())}`;
  }
}

/** The request never got an answer: DNS, refused or reset connection, TLS failure. */
export class GustoConnectionError extends GustoError {
  /** False when the connection failed before the request could have been sent. */
  readonly mayHaveBeenSent: boolean;

  constructor(details: GustoErrorDetails & { mayHaveBeenSent: boolean }) {
    super(`Could not reach Gusto for ${details.method} ${details.path}`, details);
    this.mayHaveBeenSent = details.mayHaveBeenSent;
  }
}

/**
 * Gusto answered with a redirect (301, 302, 303, 307 or 308), which is not followed: the API
 * does not redirect, so the address Hirebridge is set to is wrong. The request was sent, so a
 * create may have been made. The status is null when fetch refused the redirect (it does not
 * hand the answer on), as the global fetch does.
 */
export class GustoRedirectError extends GustoError {
  constructor(details: GustoErrorDetails) {
    super(
      `Gusto answered ${details.method} ${details.path} with a redirect, ` +
        'which Hirebridge does not follow',
      details,
    );
  }
}

/** No complete answer within the per-request time limit. */
export class GustoTimeoutError extends GustoError {
  readonly timeoutMs: number;

  constructor(details: GustoErrorDetails & { timeoutMs: number }) {
    super(
      `Gusto did not answer ${details.method} ${details.path} within ${details.timeoutMs} ms`,
      details,
    );
    this.timeoutMs = details.timeoutMs;
  }
}

/**
 * The OAuth endpoint refused: `error` is the RFC 6749 §5.2 code (invalid_grant, invalid_client…).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export class GustoOAuthError extends GustoError {
  readonly error: string;
  readonly error_description: string | null;

  constructor(details: GustoErrorDetails & { error: string; error_description: string | null }) {
    super(`Gusto OAuth ${details.path} refused: ${details.error}`, details);
    this.error = details.error;
    this.error_description = details.error_description;
  }
}

/** 401: the access token is missing, expired or revoked (`invalid_token`). */
export class GustoUnauthorizedError extends GustoError {
  constructor(details: GustoErrorDetails) {
    super(`Gusto refused the access token for ${details.method} ${details.path}`, details);
  }
}

/** 403: the token is valid but lacks the scope or the company access this call needs. */
export class GustoForbiddenError extends GustoError {
  constructor(details: GustoErrorDetails) {
    super(`Gusto forbids ${details.method} ${details.path} for this grant`, details);
  }
}

/** 404: the resource does not exist, or not for this company. */
export class GustoNotFoundError extends GustoError {
  constructor(details: GustoErrorDetails) {
    super(`Gusto found nothing at ${details.method} ${details.path}`, details);
  }
}

/** 409: usually `invalid_resource_version`, the `version` sent is no longer current. */
export class GustoConflictError extends GustoError {
  constructor(details: GustoErrorDetails) {
    super(`Gusto reported a conflict on ${details.method} ${details.path}`, details);
  }
}

/**
 * One entry of Gusto's `errors` array.
 * @see https://docs.gusto.com/app-integrations/docs/error-categories
 */
export interface GustoEntityError {
  error_key: string;
  category: string;
  message: string | null;
  metadata: Record<string, unknown> | null;
  /** Nested errors, as Gusto sends for attributes of nested objects. */
  errors: GustoEntityError[];
}

/** 422: Gusto rejected the content; `errors` says which field and why. */
export class GustoValidationError extends GustoError {
  readonly errors: GustoEntityError[];

  constructor(details: GustoErrorDetails & { errors: GustoEntityError[] }) {
    const keys = details.errors.map((e) => `${e.error_key}:${e.category}`).join(', ');
    super(`Gusto rejected ${details.method} ${details.path} (${keys || 'no details'})`, details);
    this.errors = details.errors;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errors: this.errors };
  }
}

/** 429: over Gusto's per-grant rate limit; wait `retryAfterSeconds` when Gusto says so. */
export class GustoRateLimitedError extends GustoError {
  readonly retryAfterSeconds: number | null;

  constructor(details: GustoErrorDetails & { retryAfterSeconds: number | null }) {
    super(`Gusto rate-limited ${details.method} ${details.path}`, details);
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** 5xx: Gusto failed; for a create the person may or may not exist now. */
export class GustoServerError extends GustoError {
  readonly retryAfterSeconds: number | null;

  constructor(details: GustoErrorDetails & { retryAfterSeconds: number | null }) {
    super(`Gusto failed with ${details.status} on ${details.method} ${details.path}`, details);
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** Any other 4xx (400 bad request, 406 unsupported API version…): a bug on our side. */
export class GustoRequestRejectedError extends GustoError {
  constructor(details: GustoErrorDetails) {
    super(`Gusto rejected ${details.method} ${details.path} with ${details.status}`, details);
  }
}

/** The answer's status was fine but its body was not JSON or not the documented shape. */
export class GustoUnexpectedBodyError extends GustoError {
  /** Which check failed, without values from the body. */
  readonly problem: string;

  constructor(details: GustoErrorDetails & { problem: string }) {
    super(`Unexpected answer to ${details.method} ${details.path}: ${details.problem}`, details);
    this.problem = details.problem;
  }
}

/** The input was refused by the request schema before anything was sent. */
export class GustoInvalidInputError extends GustoError {
  constructor(details: GustoErrorDetails & { problem: string }) {
    super(`Invalid input for ${details.method} ${details.path}: ${details.problem}`, details);
  }
}
