import type { Logger } from '../logging/logger.js';
import type { ReadResponse } from './error-from-response.js';
import {
  GustoConnectionError,
  type GustoError,
  GustoTimeoutError,
  type RequestLabel,
} from './errors.js';

/** The fetch this client calls; the global fetch fits, and so does a Hono app's `fetch`. */
export type FetchLike = (input: Request) => Response | Promise<Response>;

/** How requests leave the process; every field has a default. */
export interface TransportOptions {
  /** Defaults to the global fetch. */
  fetch?: FetchLike | undefined;
  /** Receives one line per request; without one, nothing is logged. */
  logger?: Logger | undefined;
  /** Per-request limit covering headers and body; defaults to 15 000 ms. */
  timeoutMs?: number | undefined;
}

/** Default per-request time limit. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Connection failures raised before any byte of the request could have reached Gusto. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

function errorCode(err: unknown): string | null {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (typeof cause !== 'object' || cause === null || !('code' in cause)) return null;

  return typeof cause.code === 'string' ? cause.code : null;
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** A body-less status must be rebuilt with a null body (Fetch standard "null body status"). */
function hasNullBody(status: number): boolean {
  return status === 101 || status === 204 || status === 205 || status === 304;
}

/** Turns a read response back into a Response, for code (the SDK) that wants one. */
export function toResponse(res: ReadResponse): Response {
  const body = hasNullBody(res.status) ? null : res.body;

  return new Response(body, { status: res.status, headers: res.headers });
}

async function readAll(fetchFn: FetchLike, request: Request): Promise<ReadResponse> {
  const response = await fetchFn(request);
  const body = await response.text();

  return { status: response.status, headers: response.headers, body };
}

function failureOf(err: unknown, label: RequestLabel, timedOut: boolean, timeoutMs: number) {
  const details = { ...label, status: null, requestId: null, cause: err };
  if (timedOut) return new GustoTimeoutError({ ...details, timeoutMs });

  const code = errorCode(err);
  const mayHaveBeenSent = code === null || !NOT_SENT_CODES.has(code);

  return new GustoConnectionError({ ...details, mayHaveBeenSent });
}

function logLevel(status: number): 'info' | 'warn' | 'error' {
  if (status >= 500) return 'error';

  return status >= 400 ? 'warn' : 'info';
}

interface Attempt {
  label: RequestLabel;
  attempt: number;
  startedAt: number;
}

function logAnswer(logger: Logger | undefined, a: Attempt, res: ReadResponse): void {
  logger?.[logLevel(res.status)](
    {
      method: a.label.method,
      path: a.label.path,
      status: res.status,
      duration_ms: Math.round(performance.now() - a.startedAt),
      request_id: res.headers.get('x-request-id'),
      attempt: a.attempt,
    },
    'gusto request',
  );
}

function logFailure(logger: Logger | undefined, a: Attempt, error: GustoError): void {
  logger?.warn(
    {
      method: a.label.method,
      path: a.label.path,
      status: null,
      duration_ms: Math.round(performance.now() - a.startedAt),
      request_id: null,
      attempt: a.attempt,
      failure: error.name,
    },
    'gusto request failed',
  );
}

async function send(
  options: TransportOptions,
  label: RequestLabel,
  controller: AbortController,
  prepare: () => Request,
  attempt: number,
): Promise<ReadResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const a: Attempt = { label, attempt, startedAt: performance.now() };
  const fetchFn = options.fetch ?? fetch;

  try {
    const res = await Promise.race([readAll(fetchFn, prepare()), untilAborted(controller.signal)]);
    logAnswer(options.logger, a, res);

    return res;
  } catch (err) {
    const error = failureOf(err, label, controller.signal.aborted, timeoutMs);
    logFailure(options.logger, a, error);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends one request with a time limit and reads the whole body, logging one line. Tokens never
 * reach the log: only the method, the path template, status, duration and request id do.
 * The limit is enforced here rather than trusted to `fetch`, so a fetch that ignores its
 * AbortSignal still cannot hang the caller.
 */
export function sendRequest(
  options: TransportOptions,
  label: RequestLabel,
  request: Request,
  attempt = 1,
): Promise<ReadResponse> {
  const controller = new AbortController();
  const signalled = () => new Request(request, { signal: controller.signal });

  return send(options, label, controller, signalled, attempt);
}

/**
 * sendRequest for a request the caller built with `controller.signal` itself, sent as it is
 * instead of copied once more. Not for a request cloned from one with the signal: on Node 20 a
 * clone follows the signal only weakly. The time limit still starts here, when it is sent.
 */
export function sendSignalled(
  options: TransportOptions,
  label: RequestLabel,
  request: Request,
  controller: AbortController,
  attempt = 1,
): Promise<ReadResponse> {
  return send(options, label, controller, () => request, attempt);
}
