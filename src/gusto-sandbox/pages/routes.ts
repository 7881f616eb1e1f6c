import { Hono } from 'hono';
import type { SandboxContext } from '../context.js';
import { teamMembersRoutes } from './team-members.js';

/** Gusto-like pages: People, Team members, onboarding. */
export function pageRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();
  app.route('/', teamMembersRoutes(ctx));

  return app;
}
