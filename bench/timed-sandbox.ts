import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { createSandbox, type Sandbox } from '../src/gusto-sandbox/app.js';
import type { SandboxOptions } from '../src/gusto-sandbox/context.js';
import type { RequestLogEntry } from '../src/gusto-sandbox/control/traffic.js';
import { sleep } from './stats.js';

/** One request the sandbox answered, timed around its Hono app (performance.now() clock). */
export interface SandboxCall {
  method: string;
  path: string;
  status: number;
  /** The OAuth grant of the bearer token: the key of Gusto's rate limit. */
  grant_id: string | null;
  /** When the app received the request, and when its answer was ready. */
  started: number;
  ended: number;
  /**
   * The sandbox's HTTP server around the app: when its request listener was called (the request
   * line and headers parsed), and when the answer was written out (null until then). What lies
   * between this and the app is the server's adapter: building the app's Request and its body
   * stream from Node's request, and writing the app's Response back.
   */
  served: { received: number; written: number | null };
}

/** A sandbox served over HTTP on 127.0.0.1 whose every answer is timed. */
export interface TimedSandbox {
  sandbox: Sandbox;
  url: string;
  calls: SandboxCall[];
  /** Called with each call as it ends (the latency bench watches for the create). */
  onCall: ((call: SandboxCall) => void) | null;
  /** The sandbox's own request log, read through its control API. */
  requestLog(): Promise<RequestLogEntry[]>;
  close(): Promise<void>;
}

/** How the timed sandbox answers, besides the sandbox's own options. */
export interface SandboxTiming {
  /**
   * Milliseconds every Gusto API answer (`/v1/`) is held before it is sent; default 0. The hold
   * is inside the timed region, so it counts as time in the sandbox: it stands for a remote
   * Gusto's answer time. OAuth, pages and the control API are not held.
   */
  answer_ms?: number;
}

type AppFetch = Sandbox['app']['fetch'];

/**
 * Wraps the sandbox's app so the time spent inside its handlers (middleware included) is known
 * for every request; the rest of a hand-off's time is Hirebridge's and the network's.
 */
function timedFetch(timed: TimedSandbox, inner: AppFetch, answer_ms: number): AppFetch {
  return async (request, env, executionCtx) => {
    const started = performance.now();
    const served = servedOf(env, started);
    const response = await inner(request, env, executionCtx);
    const path = new URL(request.url).pathname;
    // The answer is ready; holding it models the network and Gusto's own work.
    if (answer_ms > 0 && isApiCall({ path })) await sleep(answer_ms);
    const call = {
      method: request.method,
      path,
      status: response.status,
      grant_id: grantOf(timed.sandbox, request),
      started,
      served,
    };
    const ended = performance.now();
    if (!path.startsWith('/__sandbox')) {
      timed.calls.push({ ...call, ended });
      timed.onCall?.({ ...call, ended });
    }

    return response;
  };
}

/** When the server's listener got the request (see `timedServer`). */
const receivedAt = new WeakMap<IncomingMessage, number>();

/** The server-side span of the request the app is answering, its end filled in once written. */
function servedOf(env: unknown, started: number): SandboxCall['served'] {
  const { incoming, outgoing } = (env ?? {}) as HttpBindings;
  const received = (incoming && receivedAt.get(incoming)) ?? started;
  const served: SandboxCall['served'] = { received, written: null };
  outgoing?.once('finish', () => {
    served.written = performance.now();
  });

  return served;
}

/** An HTTP server on the app that notes when each request reached its listener. */
function timedServer(fetchTimed: AppFetch): Server {
  const listener = getRequestListener(fetchTimed);

  return createServer((incoming, outgoing) => {
    receivedAt.set(incoming, performance.now());
    return listener(incoming, outgoing);
  });
}

function grantOf(sandbox: Sandbox, request: Request): string | null {
  const token = /^Bearer (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';

  return sandbox.ctx.store.data.access_tokens[token]?.grant_id ?? null;
}

/** Forgets the calls so far, in the timing and in the sandbox's own request log. */
export async function clearCalls(timed: TimedSandbox): Promise<void> {
  timed.calls.length = 0;
  await fetch(new URL('/__sandbox/requests', timed.url), { method: 'DELETE' });
}

/** Starts a fresh in-memory sandbox on 127.0.0.1 with the given options, timed. */
export function startTimedSandbox(
  options: Partial<SandboxOptions> = {},
  timing: SandboxTiming = {},
): Promise<TimedSandbox> {
  const sandbox = createSandbox({ stateFile: null, options });

  return new Promise((resolve) => {
    const timed: TimedSandbox = {
      sandbox,
      url: '',
      calls: [],
      onCall: null,
      requestLog: async () => {
        const response = await fetch(new URL('/__sandbox/requests', timed.url));
        return (await response.json()) as RequestLogEntry[];
      },
      close: async () => {},
    };
    const fetchTimed = timedFetch(timed, sandbox.app.fetch, timing.answer_ms ?? 0);
    const server = timedServer(fetchTimed);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      timed.url = `http://127.0.0.1:${port}`;
      timed.close = () =>
        new Promise<void>((done) => {
          server.close(() => done());
          // Keep-alive connections of the client would otherwise hold the close open.
          server.closeAllConnections();
        });
      resolve(timed);
    });
  });
}

/** Whether a logged request is a Gusto API call (not OAuth, pages or the control API). */
export function isApiCall(entry: { path: string }): boolean {
  return entry.path.startsWith('/v1/');
}
