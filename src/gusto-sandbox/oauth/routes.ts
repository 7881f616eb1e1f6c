import { Hono } from 'hono';
import type { SandboxContext } from '../context.js';
import { accountRoutes } from './account-routes.js';
import { authorizeRoutes } from './authorize-routes.js';
import { tokenRoutes } from './token-routes.js';

/** OAuth 2 authorization server: authorize, sign-in, sign-up, consent, token, revoke. */
export function oauthRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();
  app.route('/', authorizeRoutes(ctx));
  app.route('/', accountRoutes(ctx));
  app.route('/', tokenRoutes(ctx));

  return app;
}
