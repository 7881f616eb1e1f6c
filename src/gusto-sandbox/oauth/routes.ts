import { Hono } from 'hono';
import type { SandboxContext } from '../context.js';

/** OAuth 2 authorization server: authorize, sign-in, sign-up, consent, token, revoke. */
export function oauthRoutes(_ctx: SandboxContext): Hono {
  const app = new Hono();

  return app;
}
