import { z } from 'zod';
import {
  GustoConflictError,
  type GustoEntityError,
  type GustoError,
  type GustoErrorDetails,
  GustoForbiddenError,
  GustoNotFoundError,
  GustoOAuthError,
  GustoRateLimitedError,
  GustoRedirectError,
  GustoRequestRejectedError,
  GustoServerError,
  GustoUnauthorizedError,
  GustoUnexpectedBodyError,
  GustoValidationError,
  type RequestLabel,
} from './errors.js';

/** A response already read to text, so it can be both parsed and kept as the raw body. */
export interface ReadResponse {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * Parses `Retry-After` as delta-seconds or an HTTP-date; null when absent or unreadable.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // Every HTTP-date form begins with a day name; anything else (such as "-5") is refused
  // rather than left to Date.parse's guesses.
  if (!/^[A-Za-z]{3}/.test(text)) return null;

  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;

  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

type EntityErrorInput = {
  error_key: string;
  category: string;
  message?: string | null | undefined;
  metadata?: Record<string, unknown> | null | undefined;
  errors?: EntityErrorInput[] | undefined;
};

/** Gusto's error entry; loose so that an added field never hides the error itself. */
const entityErrorSchema: z.ZodType<EntityErrorInput> = z.lazy(() =>
  z.object({
    error_key: z.string(),
    category: z.string(),
    message: z.string().nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
    errors: z.array(entityErrorSchema).optional(),
  }),
);

const errorsBodySchema = z.object({ errors: z.array(entityErrorSchema) });

/** OAuth error body. @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2 */
const oauthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().nullish(),
});

function toEntityError(e: EntityErrorInput): GustoEntityError {
  return {
    error_key: e.error_key,
    category: e.category,
    message: e.message ?? null,
    metadata: e.metadata ?? null,
    errors: (e.errors ?? []).map(toEntityError),
  };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Gusto's `errors` array from a body, or an empty list when the body has none. */
export function entityErrorsOf(body: string): GustoEntityError[] {
  const parsed = errorsBodySchema.safeParse(parseJson(body));

  return parsed.success ? parsed.data.errors.map(toEntityError) : [];
}

function detailsOf(label: RequestLabel, res: ReadResponse): GustoErrorDetails {
  return {
    ...label,
    status: res.status,
    requestId: res.headers.get('x-request-id'),
    rawBody: res.body,
  };
}

/** The statuses that redirect a request; the client follows none of them. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The typed error for a non-2xx answer of a v1 call. */
export function errorFromResponse(label: RequestLabel, res: ReadResponse): GustoError {
  const details = detailsOf(label, res);
  const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
  if (res.status >= 500) return new GustoServerError({ ...details, retryAfterSeconds });
  // Only a fetch that does not refuse redirects (one in the same process) hands one on.
  if (REDIRECTS.has(res.status)) return new GustoRedirectError(details);

  switch (res.status) {
    case 401:
      return new GustoUnauthorizedError(details);
    case 403:
      return new GustoForbiddenError(details);
    case 404:
      return new GustoNotFoundError(details);
    case 409:
      return new GustoConflictError(details);
    case 422:
      return new GustoValidationError({ ...details, errors: entityErrorsOf(res.body) });
    case 429:
      return new GustoRateLimitedError({ ...details, retryAfterSeconds });
    default:
      return new GustoRequestRejectedError(details);
  }
}

/**
 * The typed error for a non-2xx answer of an OAuth endpoint: an RFC 6749 error body becomes a
 * GustoOAuthError; rate limits and server failures keep their own meaning.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function errorFromOAuthResponse(label: RequestLabel, res: ReadResponse): GustoError {
  if (res.status === 429 || res.status >= 500) return errorFromResponse(label, res);

  const parsed = oauthErrorSchema.safeParse(parseJson(res.body));
  if (!parsed.success) return errorFromResponse(label, res);

  return new GustoOAuthError({
    ...detailsOf(label, res),
    error: parsed.data.error,
    error_description: parsed.data.error_description ?? null,
  });
}

/** The error for a 2xx answer whose body could not be used. */
export function unexpectedBody(
  label: RequestLabel,
  res: ReadResponse,
  problem: string,
): GustoUnexpectedBodyError {
  return new GustoUnexpectedBodyError({ ...detailsOf(label, res), problem });
}
