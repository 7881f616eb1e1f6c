import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { findSession, SESSION_LIFETIME_MS } from '../accounts/sessions.js';
import type { AppEnv } from './context.js';
import { readForm } from './form.js';

/** Cookie holding the session token. */
export const SESSION_COOKIE = 'hb_session';

/** Cookie holding the CSRF token of a visitor who is not signed in (the sign-in form). */
export const ANONYMOUS_CSRF_COOKIE = 'hb_csrf';

/** Name of the hidden field every form carries its CSRF token in. */
export const CSRF_FIELD = '_csrf';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function cookieOptions(c: Context<AppEnv>, maxAgeSeconds: number) {
  const secure = c.var.deps.config.PUBLIC_URL?.startsWith('https:') ?? false;

  return { path: '/', httpOnly: true, sameSite: 'Lax', secure, maxAge: maxAgeSeconds } as const;
}

/** Sets the session cookie after sign-in. */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, SESSION_LIFETIME_MS / 1000));
}

/** Removes the session cookie at sign-out. */
export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/**
 * Loads the session named by the cookie (if live) and settles the CSRF token forms must carry:
 * the session's own, or for visitors a random one kept in a cookie (double submit).
 */
export const loadSession = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  const session = token ? await findSession(c.var.deps.storage.db, token) : undefined;
  c.set('session', session);
  if (session) {
    c.set('log', c.var.log.child({ account_id: session.account.id, user_id: session.user.id }));
    c.set('csrfToken', session.csrfToken);
  } else {
    c.set('csrfToken', anonymousCsrfToken(c));
  }
  await next();
});

function anonymousCsrfToken(c: Context<AppEnv>): string {
  const existing = getCookie(c, ANONYMOUS_CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(c, ANONYMOUS_CSRF_COOKIE, token, cookieOptions(c, 24 * 60 * 60));

  return token;
}

/**
 * Refuses unsafe requests whose form does not echo the CSRF token. Requests with a JSON body
 * are exempt: a browser cannot send one across sites without a CORS preflight, which this app
 * never grants (such routes, like webhooks, authenticate themselves).
 */
export const verifyCsrf = createMiddleware<AppEnv>(async (c, next) => {
  if (!UNSAFE_METHODS.has(c.req.method)) return next();
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return next();

  const sent = (await readForm(c))[CSRF_FIELD] ?? '';
  if (!tokensMatch(sent, c.var.csrfToken)) {
    c.var.log.info({ reason: 'csrf_mismatch' }, 'refused a form without a valid CSRF token');
    throw new HTTPException(403, { message: 'csrf' });
  }
  await next();
});

function tokensMatch(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);

  return a.length === b.length && timingSafeEqual(a, b);
}
