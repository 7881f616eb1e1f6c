import { Hono } from 'hono';
import type { SandboxContext } from '../context.js';
import { apiVersionMiddleware, authMiddleware } from './access.js';
import { addressRoutes } from './addresses.js';
import { companyRoutes } from './companies.js';
import { contractorRoutes } from './contractors.js';
import { departmentRoutes } from './departments.js';
import { employeeRoutes } from './employees.js';
import type { ApiEnv } from './env.js';
import { answerApiError, GustoApiError, notFoundError } from './errors.js';
import { eventRoutes } from './events.js';
import { jobRoutes } from './jobs.js';
import { webhookSubscriptionRoutes } from './webhook-subscriptions.js';

const resources = [
  companyRoutes,
  departmentRoutes,
  employeeRoutes,
  addressRoutes,
  jobRoutes,
  contractorRoutes,
  webhookSubscriptionRoutes,
  eventRoutes,
];

/** The v1 REST API: version check, bearer token and rate limit, then the resources. */
export function apiRoutes(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use('/v1/*', apiVersionMiddleware());
  app.use('/v1/*', authMiddleware(ctx));
  for (const routes of resources) app.route('/', routes(ctx));

  // An unknown /v1 path answers Gusto's 404 body rather than a bare text page.
  app.all('/v1/*', () => {
    throw notFoundError();
  });
  app.onError((error, c) => {
    if (error instanceof GustoApiError) return answerApiError(c, error);
    ctx.logger.error({ err: error, path: c.req.path }, 'sandbox API error');

    return answerApiError(
      c,
      new GustoApiError(500, [
        {
          error_key: 'base',
          category: 'internal_error',
          message: 'An unexpected error has occurred.',
        },
      ]),
    );
  });

  return app;
}
