import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
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
    };
    const ended = performance.now();
    if (!path.startsWith('/__sandbox')) {
      timed.calls.push({ ...call, ended });
      timed.onCall?.({ ...call, ended });
    }

    return response;
  };
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
    const server = serve({ fetch: fetchTimed, port: 0, hostname: '127.0.0.1' }, (info) => {
      timed.url = `http://127.0.0.1:${info.port}`;
      timed.close = () =>
        new Promise<void>((done) => {
          server.close(() => done());
          // Keep-alive connections of the client would otherwise hold the close open.
          (server as Server).closeAllConnections();
        });
      resolve(timed);
    });
  });
}

/** Whether a logged request is a Gusto API call (not OAuth, pages or the control API). */
export function isApiCall(entry: { path: string }): boolean {
  return entry.path.startsWith('/v1/');
}
