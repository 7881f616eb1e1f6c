import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createLogger, type Logger } from '../logging/logger.js';
import { apiRoutes } from './api/routes.js';
import { type SandboxContext, type SandboxOptions, sandboxOptionsWithDefaults } from './context.js';
import { adminControlRoutes } from './control/admin-routes.js';
import { faultControlRoutes } from './control/fault-routes.js';
import { failIfDropped, trafficMiddleware } from './control/traffic.js';
import { oauthRoutes } from './oauth/routes.js';
import { pageRoutes } from './pages/routes.js';
import { seedSandbox } from './seed.js';
import { SandboxStore } from './state.js';

/** How to build a sandbox: where to keep state (null: memory only) and its options. */
export interface CreateSandboxInput {
  /** File for the saved state; null keeps it in memory only (tests). */
  stateFile: string | null;
  options?: Partial<SandboxOptions>;
  logger?: Logger;
}

/** A sandbox instance: its state, its Hono app, and a fetch handler for in-process use. */
export interface Sandbox {
  ctx: SandboxContext;
  app: Hono;
  /** Answers a request in-process, exactly as the HTTP server would. */
  fetch: (request: Request) => Promise<Response>;
}

/** Builds a sandbox; nothing listens until `listenSandbox`. */
export function createSandbox(input: CreateSandboxInput): Sandbox {
  const logger = input.logger ?? createLogger({ level: 'silent' });
  const store = new SandboxStore(input.stateFile, seedSandbox);
  const ctx: SandboxContext = { store, options: sandboxOptionsWithDefaults(input.options), logger };
  const app = new Hono();
  app.use(trafficMiddleware(ctx));
  app.route('/__sandbox', adminControlRoutes(ctx));
  app.route('/__sandbox', faultControlRoutes(ctx));
  app.route('/', oauthRoutes(ctx));
  app.route('/', apiRoutes(ctx));
  app.route('/', pageRoutes(ctx));

  return { ctx, app, fetch: async (request) => failIfDropped(await app.fetch(request)) };
}

/** A running sandbox HTTP server. */
export interface ListeningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves a sandbox over HTTP; binds 127.0.0.1 unless told otherwise (its control API is local). */
export function listenSandbox(
  sandbox: Sandbox,
  { port = 0, hostname = '127.0.0.1' }: { port?: number; hostname?: string } = {},
): Promise<ListeningSandbox> {
  return new Promise((resolve) => {
    const server = serve({ fetch: sandbox.app.fetch, port, hostname }, (info) => {
      const url = `http://${hostname}:${info.port}`;
      const close = () =>
        new Promise<void>((done) => {
          sandbox.ctx.store.flush();
          server.close(() => done());
        });
      resolve({ url, port: info.port, close });
    });
  });
}
