import { type Context, Hono } from 'hono';
import type { SandboxContext } from '../context.js';
import type { SandboxApp, SandboxStore } from '../state.js';
import { authenticateClient, readClientCredentials } from './client-auth.js';
import { revokeGrant } from './grants.js';
import { noStore, OAuthError, oauthErrorResponse } from './oauth-error.js';
import {
  exchangeAuthorizationCode,
  exchangeRefreshToken,
  issueSystemAccess,
  tokenResponseBody,
} from './token-grants.js';
import { readOAuthParams, requiredParam } from './token-params.js';

/** `POST /oauth/token` and `POST /oauth/revoke`. */
export function tokenRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();
  app.post('/oauth/token', (c) => answerOAuth(c, () => token(c, ctx.store)));
  app.post('/oauth/revoke', (c) => answerOAuth(c, () => revoke(c, ctx.store)));

  return app;
}

async function answerOAuth(c: Context, handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;

    return oauthErrorResponse(c, error, /^Basic\s/i.test(c.req.header('authorization') ?? ''));
  }
}

/**
 * Issues tokens for the three grant types Gusto supports.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
async function token(c: Context, store: SandboxStore): Promise<Response> {
  const { app, params } = await authenticatedRequest(c, store);
  const issued = issueForGrant(store, app, params);
  noStore(c);

  return c.json(tokenResponseBody(issued), 200);
}

function issueForGrant(store: SandboxStore, app: SandboxApp, params: Record<string, string>) {
  switch (requiredParam(params, 'grant_type')) {
    case 'authorization_code':
      return exchangeAuthorizationCode(store, app, params);
    case 'refresh_token':
      return exchangeRefreshToken(store, app, params);
    case 'system_access':
      return issueSystemAccess(store, app);
    default:
      throw new OAuthError('unsupported_grant_type');
  }
}

/**
 * Revokes a token. Any token of a company grant revokes the whole grant (Gusto: "this token can no
 * longer be used to make requests nor can it be refreshed"; RFC 7009 §2.1 lets revoking one token
 * end its grant). An unknown token still gets 200 (RFC 7009 §2.2).
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
async function revoke(c: Context, store: SandboxStore): Promise<Response> {
  const { app, params } = await authenticatedRequest(c, store);
  const value = requiredParam(params, 'token');
  const access = store.data.access_tokens[value];
  const refresh = store.data.refresh_tokens[value];
  const owner = access?.client_id ?? refresh?.client_id;
  if (owner !== undefined && owner !== app.client_id) throw new OAuthError('unauthorized_client');

  const grant_id = access?.grant_id ?? refresh?.grant_id;
  const grant = grant_id ? store.data.grants[grant_id] : undefined;
  if (grant) revokeGrant(store, grant);
  else if (access) access.revoked = true;
  store.changed();

  return c.body(null, 200);
}

async function authenticatedRequest(
  c: Context,
  store: SandboxStore,
): Promise<{ app: SandboxApp; params: Record<string, string> }> {
  const params = await readOAuthParams(c);
  const app = authenticateClient(
    store,
    readClientCredentials(c.req.header('authorization'), params),
  );

  return { app, params };
}
