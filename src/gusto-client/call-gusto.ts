import { GustoEmbeddedCore } from '@gusto/embedded-api-v-2026-06-15/core.js';
import { env as sdkEnv } from '@gusto/embedded-api-v-2026-06-15/lib/env.js';
import { HTTPClient } from '@gusto/embedded-api-v-2026-06-15/lib/http.js';
import type { Result } from '@gusto/embedded-api-v-2026-06-15/types/fp.js';
import { registerSecret } from '../logging/logger.js';
import { errorFromResponse, type ReadResponse, unexpectedBody } from './error-from-response.js';
import { GustoError, GustoInvalidInputError, type RequestLabel } from './errors.js';
import { MissingFieldError } from './from-sdk.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from './retry.js';
import { sendRequest, type TransportOptions, toResponse } from './transport.js';
import type { GustoCredentials } from './types.js';

/** Everything a v1 call needs: where, which token, and optionally fetch, logger and limits. */
export interface GustoContext extends GustoCredentials, TransportOptions {
  /** Short retries for safe calls; defaults to DEFAULT_RETRY_POLICY. */
  retryPolicy?: RetryPolicy | undefined;
}

/** One Gusto operation: its label for logs and errors, and whether it may be retried. */
export interface Operation extends RequestLabel {
  /** True for GETs and for PUTs carrying `version`; never for a create. */
  safe: boolean;
}

/** What the transport saw during one SDK call. */
interface Trace {
  response: ReadResponse | null;
  failure: GustoError | null;
  /** What sending threw that is no Gusto failure (`beforeSend`'s refusal): nothing left. */
  refused: { reason: unknown } | null;
}

/**
 * The SDK's debug logger prints every header, Authorization included, and falls back to the
 * console when `GUSTOEMBEDDED_DEBUG` is set. A logger that prints nothing stops that, but the SDK
 * still copies and parses every body for it, about a third of a millisecond per call; so it is
 * given only when that variable would otherwise turn the console logger on.
 */
const SILENT_SDK_LOGGER = { group() {}, groupEnd() {}, log() {} };

/** One attempt of a call, as its fetch sends it. */
interface CallAttempt {
  op: Operation;
  /** 1 for the first try, 2 for the first retry, and so on. */
  number: number;
  trace: Trace;
}

/**
 * The SDK's fetcher: the request the SDK hands it (a clone of the one it built) is not sent as
 * it is but taken apart by the transport, which sends its parts with the time limit's signal,
 * once `beforeSend` allows.
 */
function traceFetcher(ctx: GustoContext, a: CallAttempt) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    try {
      a.trace.response = await sendRequest(ctx, a.op, asRequest(input, init), a.number);
    } catch (err) {
      if (err instanceof GustoError) a.trace.failure = err;
      else a.trace.refused = { reason: err };
      throw err;
    }

    return toResponse(a.trace.response);
  };
}

/**
 * The SDK passes a Request alone; anything else is made into one, as fetch would. Not told apart
 * by `instanceof Request`: where `@hono/node-server` serves (the web process) the global Request
 * is its subclass, and the SDK's request, a clone, is not one; copying it would cost a second
 * build of the request and a pipe of its body for every call.
 */
function asRequest(input: RequestInfo | URL, init: RequestInit | undefined): Request {
  if (typeof input === 'string' || input instanceof URL || init !== undefined) {
    return new Request(input, init);
  }

  return input;
}

/**
 * A core per call, so that the fetch, token and trace belong to this call alone. The SDK's own
 * retries are off: they would retry POSTs on 5xx and connection errors, which must never happen
 * to a create; safe calls are retried by withRetries instead.
 */
function createCore(ctx: GustoContext, a: CallAttempt) {
  return new GustoEmbeddedCore({
    serverURL: ctx.baseUrl,
    companyAccessAuth: ctx.access_token,
    httpClient: new HTTPClient({ fetcher: traceFetcher(ctx, a) }),
    retryConfig: { strategy: 'none' },
    ...(sdkEnv().GUSTOEMBEDDED_DEBUG ? { debugLogger: SILENT_SDK_LOGGER } : {}),
  });
}

function zodIssuePaths(err: unknown): string[] | null {
  const cause = err instanceof Error ? err.cause : undefined;
  if (typeof cause !== 'object' || cause === null || !('issues' in cause)) return null;
  if (!Array.isArray(cause.issues)) return null;

  return cause.issues.map((i: { path?: unknown }) =>
    Array.isArray(i.path) ? i.path.join('.') : '?',
  );
}

/** Describes what went wrong without quoting values, which may be personal data. */
function problemOf(err: unknown): string {
  if (err instanceof SyntaxError) return 'body is not JSON';
  if (err instanceof MissingFieldError) return err.message;

  const paths = zodIssuePaths(err);
  if (paths) return `schema mismatch at ${paths.join(', ')}`;

  return err instanceof Error ? err.name : 'unknown failure';
}

function toGustoError(op: Operation, trace: Trace, err: unknown): GustoError {
  if (trace.failure) return trace.failure;

  const res = trace.response;
  if (res === null) {
    const details = { ...op, status: null, requestId: null, problem: problemOf(err) };
    return new GustoInvalidInputError(details);
  }
  if (res.status < 200 || res.status > 299) return errorFromResponse(op, res);

  return unexpectedBody(op, res, problemOf(err));
}

async function callOnce<S, T>(
  ctx: GustoContext,
  op: Operation,
  invoke: (core: GustoEmbeddedCore) => PromiseLike<Result<S, unknown>>,
  map: (value: S, response: ReadResponse) => T,
  attempt: number,
): Promise<T> {
  const trace: Trace = { response: null, failure: null, refused: null };
  const a: CallAttempt = { op, number: attempt, trace };
  try {
    const result = await invoke(createCore(ctx, a));
    if (!result.ok) throw result.error;
    if (trace.response === null) throw new MissingFieldError('response');

    return map(result.value, trace.response);
  } catch (err) {
    if (trace.refused) throw trace.refused.reason;
    throw toGustoError(op, trace, err);
  }
}

/**
 * Runs one SDK function and returns its answer mapped to this client's types, or throws a
 * GustoError (or what `beforeSend` threw). The SDK validates the answer against its schemas
 * (unknown fields are dropped; a missing required field or an enum value it does not know is a
 * GustoUnexpectedBodyError).
 */
export function callGusto<S, T>(
  ctx: GustoContext,
  op: Operation,
  invoke: (core: GustoEmbeddedCore) => PromiseLike<Result<S, unknown>>,
  map: (value: S, response: ReadResponse) => T,
): Promise<T> {
  registerSecret(ctx.access_token);
  const policy = ctx.retryPolicy ?? DEFAULT_RETRY_POLICY;

  return withRetries(op.safe, (attempt) => callOnce(ctx, op, invoke, map, attempt), policy);
}
