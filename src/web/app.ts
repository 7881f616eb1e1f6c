import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps, AppEnv, WebApp } from './context.js';
import {
  isHttpError,
  renderHttpError,
  renderNotFound,
  renderServerError,
  renderTooLarge,
} from './error-pages.js';
import { mountCandidateRoutes } from './routes/candidates.js';
import { mountDashboardRoutes } from './routes/dashboard.js';
import { mountHireRoutes } from './routes/hire.js';
import { mountIntegrationRoutes } from './routes/integrations.js';
import { mountJobRoutes } from './routes/jobs.js';
import { mountSettingsRoutes } from './routes/settings.js';
import { mountSignInRoutes } from './routes/sign-in.js';
import { loadSession, verifyCsrf } from './session-cookie.js';
import { STYLESHEET } from './styles.js';

/** Largest request body accepted; forms here are a few kilobytes. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Builds the ATS web app: core pages, then each extension's routes. Serve it with
 * `startServer`, or call `app.request()` in tests.
 */
export function createApp(deps: AppDeps): WebApp {
  const app: WebApp = new Hono<AppEnv>();
  app.use(provideDeps(deps), logRequest);
  app.use(secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  app.get('/assets/app.css', (c) =>
    c.body(STYLESHEET, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    }),
  );
  // The session first, so the too-large page shows the menu of whoever sent it.
  app.use(loadSession, bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }), verifyCsrf);
  for (const mount of CORE_ROUTES) mount(app);
  for (const extend of deps.extensions ?? []) extend(app, deps);
  app.notFound(renderNotFound);
  app.onError((error, c) => {
    if (isHttpError(error)) return renderHttpError(c, error);
    c.var.log.error({ err: error }, 'request failed');

    return renderServerError(c);
  });

  return app;
}

const CORE_ROUTES = [
  mountSignInRoutes,
  mountDashboardRoutes,
  mountJobRoutes,
  mountCandidateRoutes,
  mountHireRoutes,
  mountIntegrationRoutes,
  mountSettingsRoutes,
];

/**
 * Scripts and styles only from this origin. `form-action` is left open on purpose: an
 * integration's form may redirect to the provider's authorization page, and browsers apply
 * `form-action` to that redirect.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

function provideDeps(deps: AppDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const requestId = crypto.randomUUID();
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('log', deps.logger.child({ req_id: requestId }));
    await next();
  });
}

/** One log line per request, after it is answered. The query string is left out: it can hold search words. */
const logRequest = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  await next();
  const status = c.res.status;
  const line = {
    method: c.req.method,
    path: c.req.path,
    status,
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
  if (status >= 500) c.var.log.error(line, 'request');
  else c.var.log.info(line, 'request');
});

/**
 * Answers a body over the limit before it is read to the end. The rest of it is never read, so
 * the server closes the connection; `Connection: close` tells the client not to send its next
 * request on it (RFC 9112 section 9.6).
 */
function tooLarge(c: Context<AppEnv>) {
  c.header('Connection', 'close');

  return renderTooLarge(c, MAX_BODY_BYTES);
}
