import { Hono } from 'hono';
import type { SandboxContext } from '../context.js';

/** Control API for apps, tokens, grants, clock and reset. */
export function adminControlRoutes(_ctx: SandboxContext): Hono {
  const app = new Hono();

  return app;
}
