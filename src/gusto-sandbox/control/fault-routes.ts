import { Hono } from 'hono';
import type { SandboxContext } from '../context.js';

/** Control API for faults and the request log. */
export function faultControlRoutes(_ctx: SandboxContext): Hono {
  const app = new Hono();

  return app;
}
