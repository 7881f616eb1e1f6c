import { type ContractResult, withErrors } from './contract-result.js';
import { validateRequestBody, validateResponse } from './validate.js';
import { validateRequestQuery } from './validate-query.js';

/** One way a request or response broke Gusto's contract. */
export interface ContractViolation {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly operationId: string | undefined;
  readonly direction: 'request' | 'response';
  /** Response status, for response violations. */
  readonly status?: number;
  readonly errors: readonly string[];
}

/** The request handler a contract fetch wraps: `fetch`, or a Hono app's `app.fetch`. */
export type RequestHandler = (request: Request) => Response | Promise<Response>;

/**
 * A fetch that checks every Gusto exchange passing through it. It has the signature of the
 * Gusto SDK's `Fetcher`, so it can be given as `new HTTPClient({ fetcher: contract })`.
 */
export interface ContractFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Every mismatch seen so far, oldest first. */
  readonly violations: ContractViolation[];
  /** Every operationId exchanged so far, each once, in first-seen order. */
  readonly operationsSeen: string[];
}

interface Exchange {
  readonly method: string;
  readonly path: string;
}

// Relative inputs (as `app.request('/v1/...')` takes) get a local origin to become a Request.
const localOrigin = 'http://127.0.0.1';

/**
 * Wraps `handler` so that each request to `/v1/*`, `/oauth/token` or `/oauth/revoke` has its
 * query and JSON or form body checked, and its response checked on a clone, before the
 * untouched response is handed back. Other paths pass through unchecked.
 */
export function createContractFetch(handler: RequestHandler): ContractFetch {
  const log: ContractLog = { violations: [], operationsSeen: [] };

  const contractFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = toRequest(input, init);
    const url = new URL(request.url);
    if (!isContractPath(url.pathname)) return handler(request);

    const exchange = { method: request.method, path: `${url.pathname}${url.search}` };
    for (const result of await checkRequest(exchange, request.clone())) {
      record(log, result, { ...exchange, direction: 'request' });
    }

    const response = await handler(request);
    const result = await checkResponse(exchange, response.clone());
    record(log, result, { ...exchange, direction: 'response', status: response.status });

    return response;
  };

  return Object.assign(contractFetch, log);
}

interface ContractLog {
  readonly violations: ContractViolation[];
  readonly operationsSeen: string[];
}

type ViolationContext = Omit<ContractViolation, 'operationId' | 'errors'>;

function record(log: ContractLog, result: ContractResult, context: ViolationContext): void {
  const { operationId } = result;
  if (operationId !== undefined && !log.operationsSeen.includes(operationId)) {
    log.operationsSeen.push(operationId);
  }
  if (result.ok) return;

  log.violations.push({ ...context, operationId, errors: result.errors });
}

function toRequest(input: RequestInfo | URL, init: RequestInit | undefined): Request {
  if (typeof input === 'string' && input.startsWith('/')) {
    return new Request(new URL(input, localOrigin), init);
  }

  return new Request(input, init);
}

/** The Gusto API surface the contract covers; anything else (pages, control API) is not Gusto's. */
function isContractPath(pathname: string): boolean {
  return pathname.startsWith('/v1/') || pathname === '/oauth/token' || pathname === '/oauth/revoke';
}

async function checkRequest(exchange: Exchange, request: Request): Promise<ContractResult[]> {
  const query = validateRequestQuery(exchange.method, exchange.path);
  const contentType = request.headers.get('content-type') ?? 'application/json';
  const body = parseRequestBody(await request.text(), contentType);
  if (body.kind === 'unreadable') {
    const { operationId, document } = query;

    return [query, { ok: false, operationId, document, errors: [`request body: ${body.reason}`] }];
  }
  if (body.kind === 'unchecked') return [query];

  return [query, validateRequestBody(exchange.method, exchange.path, body.value, contentType)];
}

type ParsedBody =
  | { readonly kind: 'parsed'; readonly value: unknown }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'unchecked' };

function parseRequestBody(text: string, contentType: string): ParsedBody {
  if (text === '') return { kind: 'parsed', value: undefined };
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return { kind: 'parsed', value: Object.fromEntries(new URLSearchParams(text)) };
  }
  // Multipart uploads (embedded-only document uploads) are outside what this checker reads.
  if (contentType.includes('multipart/')) return { kind: 'unchecked' };
  // Any other type is passed on as text, for the operation to refuse as undeclared.
  if (!contentType.includes('json')) return { kind: 'parsed', value: text };

  return parseJson(text);
}

function parseJson(text: string): ParsedBody {
  try {
    return { kind: 'parsed', value: JSON.parse(text) };
  } catch {
    return { kind: 'unreadable', reason: 'not valid JSON' };
  }
}

async function checkResponse(exchange: Exchange, response: Response): Promise<ContractResult> {
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  const result = validateResponse(exchange.method, exchange.path, response.status, bodyOf(text));
  if (text === '' || contentType.includes('json') || !looksLikeJson(text)) return result;

  // A JSON answer must say so: Gusto's SDK reads a body only under `application/json`.
  const error = `response ${response.status}: JSON body sent as ${contentType || 'no content type'}`;

  return withErrors(result, [error]);
}

/** The parsed JSON body, the raw text when it is not JSON, `undefined` when empty. */
function bodyOf(text: string): unknown {
  if (text === '') return undefined;
  const parsed = parseJson(text);

  return parsed.kind === 'parsed' ? parsed.value : text;
}

function looksLikeJson(text: string): boolean {
  return parseJson(text).kind === 'parsed';
}
