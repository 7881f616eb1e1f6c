import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { SignedInEnv } from './context.js';

/**
 * Lets only signed-in users through, exposing `c.var.user` and `c.var.account`. Pages send
 * visitors to the sign-in page (returning afterwards); other requests get 401.
 */
export const requireUser = createMiddleware<SignedInEnv>(async (c, next) => {
  const session = c.var.session;
  if (!session) {
    if (c.req.method === 'GET') {
      const back = new URL(c.req.url);
      return c.redirect(`/sign-in?next=${encodeURIComponent(back.pathname + back.search)}`, 303);
    }
    throw new HTTPException(401, { message: 'not_signed_in' });
  }
  c.set('user', session.user);
  c.set('account', session.account);

  return next();
});

/** Lets only account admins through; for use after `requireUser`. */
export const requireAdmin = createMiddleware<SignedInEnv>(async (c, next) => {
  if (c.var.user.role !== 'admin') throw new HTTPException(403, { message: 'admin_only' });
  await next();
});
