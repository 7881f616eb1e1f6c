import type { Context, MiddlewareHandler } from 'hono';
import type { SandboxContext } from '../context.js';
import { authenticateAccessToken, bearerFrom, type TokenRefusal } from '../oauth/tokens.js';
import type { SandboxCompany } from '../state.js';
import { type ApiEnv, type ApiVersion, SUPPORTED_API_VERSIONS } from './env.js';
import {
  invalidApiVersionError,
  invalidTokenError,
  missingScopeError,
  notFoundError,
  otherCompanyError,
  rateLimitedError,
} from './errors.js';
import { SlidingLogLimiter } from './rate-limit.js';

const refusalMessages: Record<TokenRefusal, string> = {
  missing: 'The access token has not been included in the request.',
  unknown: 'The access token is invalid.',
  expired: 'The access token is expired.',
  revoked: 'The access token has been revoked.',
};

/**
 * Checks `X-Gusto-API-Version` and echoes it. Absent means the application's default version,
 * 2025-06-15 here; anything else unsupported is a 406 (Gusto "Getting setup" guide).
 */
export function apiVersionMiddleware(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const requested = c.req.header('x-gusto-api-version') ?? SUPPORTED_API_VERSIONS[0];
    const version = SUPPORTED_API_VERSIONS.find((v) => v === requested);
    if (!version) throw invalidApiVersionError(requested.slice(0, 40));

    c.set('api_version', version);
    c.header('X-Gusto-API-Version', version);
    await next();
  };
}

/** Checks the bearer token (401 `invalid_token` otherwise) and counts the request. */
export function authMiddleware(ctx: SandboxContext): MiddlewareHandler<ApiEnv> {
  const { limit, window_ms } = ctx.options.rateLimit;
  const limiter = new SlidingLogLimiter(limit, window_ms);

  return async (c, next) => {
    const auth = authenticateAccessToken(ctx.store, bearerFrom(c.req.header('authorization')));
    if (typeof auth === 'string') throw invalidTokenError(refusalMessages[auth]);
    c.set('auth', auth);
    c.set('company_uuid', auth.company_uuid);

    // One window per grant; system tokens share one per application.
    const key = auth.grant ? `grant:${auth.grant.id}` : `app:${auth.token.client_id}`;
    const now_ms = Date.now() + ctx.store.data.clock_offset_seconds * 1000;
    const decision = limiter.take(key, now_ms);
    c.header('X-RateLimit-Limit', String(decision.limit));
    c.header('X-RateLimit-Remaining', String(decision.remaining));
    c.header('X-RateLimit-Reset', String(decision.reset_at));
    if (!decision.allowed) throw rateLimitedError(decision.retry_after);

    await next();
  };
}

/** Refuses with 403 `missing_oauth_scopes` unless the token carries `scope`. */
export function requireScope(c: Context<ApiEnv>, scope: string): void {
  if (!c.get('auth').scopes.has(scope)) throw missingScopeError(scope);
}

/**
 * Checks that a resource of `company_uuid` is reachable with this token: a company token reaches
 * one company (strict access); another company's existing resource is a 403.
 */
export function requireCompanyAccess(c: Context<ApiEnv>, company_uuid: string): void {
  if (c.get('auth').company_uuid !== company_uuid) throw otherCompanyError();
}

/** The company named in the path, if this token reaches it. */
export function companyFor(
  ctx: SandboxContext,
  c: Context<ApiEnv>,
  company_uuid: string,
): SandboxCompany {
  const company = ctx.store.data.companies[company_uuid];
  if (!company) throw notFoundError();
  requireCompanyAccess(c, company.uuid);

  return company;
}

/** Looks a resource up by uuid and checks its company; 404 when absent, 403 when another's. */
export function ownedResource<T>(
  c: Context<ApiEnv>,
  resource: T | undefined,
  companyOf: (resource: T) => string | undefined,
): T {
  const company_uuid = resource === undefined ? undefined : companyOf(resource);
  if (resource === undefined || company_uuid === undefined) throw notFoundError();
  requireCompanyAccess(c, company_uuid);

  return resource;
}

/** The version this request is answered as. */
export function apiVersionOf(c: Context<ApiEnv>): ApiVersion {
  return c.get('api_version');
}
