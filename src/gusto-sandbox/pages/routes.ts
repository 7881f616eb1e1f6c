import { Hono } from 'hono';
import type { SandboxContext } from '../context.js';

/** Gusto-like pages: People, Team members, onboarding. */
export function pageRoutes(_ctx: SandboxContext): Hono {
  const app = new Hono();

  return app;
}
