import type { Logger } from '../logging/logger.js';
import type { ReadResponse } from './error-from-response.js';
import {
  GustoConnectionError,
  type GustoError,
  GustoRedirectError,
  GustoTimeoutError,
  type RequestLabel,
} from './errors.js';

/**
 * The fetch this client calls, given a URL and an init rather than a Request, so that fetch
 * builds the one request sent. The global fetch fits as it is; a handler that takes a Request
 * (a Hono app's `fetch`) is wrapped: `(url, init) => app.fetch(new Request(url, init))`.
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** How requests leave the process; every field has a default. */
export interface TransportOptions {
  /** Defaults to the global fetch. */
  fetch?: FetchLike | undefined;
  /** Receives one line per request; without one, nothing is logged. */
  logger?: Logger | undefined;
  /** Per-request limit covering headers and body; defaults to 15 000 ms. */
  timeoutMs?: number | undefined;
  /**
   * Awaited before each request leaves, once it is built, so that what must come first (a place
   * in a rate budget, a write) is under way while it is built. What it throws ends the request
   * unsent and is thrown as it is. Default none.
   */
  beforeSend?: (() => Promise<void>) | undefined;
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

/** A request as it is handed to fetch: everything but the signal, the body already bytes. */
interface Outgoing {
  url: string;
  method: string;
  headers: Headers;
  body: ArrayBuffer | null;
}

/** Reads the body once, so that fetch is given bytes rather than one more stream to pipe. */
async function outgoingOf(request: Request): Promise<Outgoing> {
  const body = request.body === null ? null : await request.arrayBuffer();

  return { url: request.url, method: request.method, headers: request.headers, body };
}

/**
 * The fetch builds its request from `init`, so that request holds the limit's signal itself.
 * Redirects are refused: Gusto's API does not redirect, and following one would turn a POST into
 * a GET (301, 302) or send its body to another address (307, 308). Refusing also spares undici
 * a copy of the body it makes, when it may follow one, in case it has to send it again.
 */
function initOf(out: Outgoing, signal: AbortSignal): RequestInit {
  return { method: out.method, headers: out.headers, body: out.body, signal, redirect: 'error' };
}

async function readAll(
  fetchFn: FetchLike,
  out: Outgoing,
  signal: AbortSignal,
): Promise<ReadResponse> {
  const response = await fetchFn(out.url, initOf(out, signal));
  const body = await readText(response, signal);

  return { status: response.status, headers: response.headers, body };
}

/**
 * The body as text (UTF-8, a byte order mark dropped, as `text()` reads it), through a reader
 * that the limit's signal cancels. Once the headers are in, the request inside fetch follows the
 * signal it was given only weakly on Node 20: after a garbage collection, an abort would end the
 * call but leave a body that stalls half-way open, holding its connection. The reader, held here
 * until the body ends, closes it.
 */
async function readText(response: Response, signal: AbortSignal): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener('abort', cancel, { once: true });
  if (signal.aborted) cancel();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value, { stream: true });
    }

    return text + decoder.decode();
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/**
 * undici's reason, the only sign it gives, when `redirect: 'error'` meets a redirect status.
 * @see https://fetch.spec.whatwg.org/#http-fetch
 */
function isRefusedRedirect(err: unknown): boolean {
  return (
    err instanceof Error &&
    err.cause instanceof Error &&
    err.cause.message === 'unexpected redirect'
  );
}

function failureOf(err: unknown, label: RequestLabel, timedOut: boolean, timeoutMs: number) {
  const details = { ...label, status: null, requestId: null, cause: err };
  if (timedOut) return new GustoTimeoutError({ ...details, timeoutMs });
  if (isRefusedRedirect(err)) return new GustoRedirectError(details);

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
  out: Outgoing,
  attempt: number,
): Promise<ReadResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const a: Attempt = { label, attempt, startedAt: performance.now() };
  const fetchFn = options.fetch ?? fetch;

  try {
    const answer = readAll(fetchFn, out, controller.signal);
    const res = await Promise.race([answer, untilAborted(controller.signal)]);
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
 *
 * It leaves once `options.beforeSend` allows, after the body is read; the time limit starts
 * then.
 *
 * `request` is taken apart, not sent: fetch builds the request sent from its URL, method,
 * headers and body bytes, with the limit's signal; any signal on `request` is ignored. Handed a
 * Request, fetch would copy it once more; and a clone of a request holding that signal (as the
 * SDK sends) follows it only weakly on Node 20, so after a garbage collection the limit would
 * end the call but leave its request open.
 */
export async function sendRequest(
  options: TransportOptions,
  label: RequestLabel,
  request: Request,
  attempt = 1,
): Promise<ReadResponse> {
  const outgoing = await outgoingOf(request);
  await options.beforeSend?.();

  return send(options, label, outgoing, attempt);
}
