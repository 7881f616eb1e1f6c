import { Hono } from 'hono';
import type { SandboxContext } from '../context.js';

/** The v1 REST API. */
export function apiRoutes(_ctx: SandboxContext): Hono {
  const app = new Hono();

  return app;
}
