import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { errorBody, faultErrorEntry } from '../api/errors.js';
import type { SandboxContext } from '../context.js';

/** A fault to inject into the next matching requests (`POST /__sandbox/faults`). */
export interface Fault {
  method: string;
  /** Path glob: `*` matches within one segment, `**` across segments. */
  path: string;
  status: number;
  when: 'before' | 'after' | 'drop';
  delay_ms: number;
  /** How many more requests it applies to. */
  times: number;
}

/** One line of the request log (`GET /__sandbox/requests`). */
export interface RequestLogEntry {
  method: string;
  path: string;
  /** The status answered; for a dropped connection, the status the request's effect had. */
  status: number;
  company_uuid: string | null;
  at: string;
}

/** Faults and the request log of one sandbox; process memory only, not saved with the state. */
export interface TrafficState {
  faults: Fault[];
  requests: RequestLogEntry[];
}

/** What the middleware reads from the request: the company the API resolved, if any. */
type TrafficEnv = { Variables: { company_uuid?: string | null } };

const states = new WeakMap<SandboxContext, TrafficState>();

/** Oldest entries are dropped past this many, so a long-running sandbox stays small. */
const MAX_LOGGED_REQUESTS = 10_000;

/** The traffic state of a sandbox. */
export function trafficOf(ctx: SandboxContext): TrafficState {
  let state = states.get(ctx);
  if (!state) {
    state = { faults: [], requests: [] };
    states.set(ctx, state);
  }

  return state;
}

/** Responses whose connection must be dropped, for the in-process fetch to reject. */
const droppedResponses = new WeakSet<Response>();

/**
 * Logs every request outside `/__sandbox` and applies the first matching fault: "before"
 * answers its status without running the request, "after" runs it then answers the status,
 * "drop" runs it then closes the connection without an answer. `delay_ms` holds the answer back.
 */
export function trafficMiddleware(ctx: SandboxContext): MiddlewareHandler<TrafficEnv> {
  return async (c, next) => {
    if (c.req.path.startsWith('/__sandbox')) return next();
    const fault = takeFault(trafficOf(ctx), c.req.method, c.req.path);
    if (fault?.when !== 'before') await next();
    if (fault) await sleep(fault.delay_ms);

    const effectStatus = c.res.status;
    if (fault?.when === 'before' || fault?.when === 'after')
      replaceAnswer(c, faultResponse(fault.status));
    logRequest(ctx, c, fault?.when === 'drop' ? effectStatus : c.res.status);
    if (fault?.when === 'drop') replaceAnswer(c, dropConnection(c));
  };
}

function takeFault(state: TrafficState, method: string, path: string): Fault | undefined {
  const fault = state.faults.find(
    (f) => (f.method === '*' || f.method === method.toUpperCase()) && globMatches(f.path, path),
  );
  if (!fault) return undefined;
  fault.times -= 1;
  if (fault.times <= 0) state.faults.splice(state.faults.indexOf(fault), 1);

  return fault;
}

/** Matches a path against a glob: `*` within a segment, `**` across segments. */
export function globMatches(glob: string, path: string): boolean {
  const pattern = glob
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');

  return new RegExp(`^${pattern}$`).test(path);
}

/** Replaces the answer whole: no header of the original (length, rate limit) leaks into it. */
function replaceAnswer(c: Context<TrafficEnv>, response: Response): void {
  c.res = undefined;
  c.res = response;
}

function faultResponse(status: number): Response {
  if (status < 200 || status > 599 || status === 204 || status === 304) {
    return new Response(null, { status });
  }

  return Response.json(errorBody([faultErrorEntry(status)]), { status });
}

function logRequest(ctx: SandboxContext, c: Context<TrafficEnv>, status: number): void {
  const state = trafficOf(ctx);
  const company = c.get('company_uuid');
  state.requests.push({
    method: c.req.method,
    path: c.req.path,
    status,
    company_uuid: company ?? null,
    at: ctx.store.nowIso(),
  });
  if (state.requests.length > MAX_LOGGED_REQUESTS) state.requests.shift();
}

interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

/**
 * Closes the connection without an answer. On the Node server the socket is destroyed; in
 * process the returned response is marked so `failIfDropped` rejects as fetch does.
 */
function dropConnection(c: Context<TrafficEnv>): Response {
  const bindings = (c.env ?? {}) as NodeBindings;
  bindings.incoming?.socket.destroy();
  const response = new Response(null, { status: 500 });
  droppedResponses.add(response);

  return response;
}

/** Rejects with fetch's `TypeError` for an in-process answer whose connection was dropped. */
export function failIfDropped(response: Response): Response {
  if (droppedResponses.has(response)) {
    throw new TypeError('fetch failed', { cause: new Error('other side closed') });
  }

  return response;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
