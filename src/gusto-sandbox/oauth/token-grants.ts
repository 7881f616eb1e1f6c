import type { SandboxAccessToken, SandboxApp, SandboxStore } from '../state.js';
import { createGrant, revokeGrant } from './grants.js';
import { OAuthError } from './oauth-error.js';
import { requiredParam } from './token-params.js';
import { issueCompanyTokens, issueSystemToken } from './tokens.js';

/**
 * `grant_type=authorization_code`: a code is single-use, lives 10 minutes, belongs to the client
 * it was issued to, and needs the same `redirect_uri` as the authorization request.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
export function exchangeAuthorizationCode(
  store: SandboxStore,
  app: SandboxApp,
  params: Record<string, string>,
): SandboxAccessToken {
  const value = requiredParam(params, 'code');
  const redirect_uri = requiredParam(params, 'redirect_uri');
  const code = store.data.authorization_codes[value];
  if (!code || code.client_id !== app.client_id) throw new OAuthError('invalid_grant');

  if (code.used) {
    // RFC 6749 §4.1.2: a code used twice SHOULD revoke the tokens issued from it.
    const grant = code.grant_id ? store.data.grants[code.grant_id] : undefined;
    if (grant) revokeGrant(store, grant);
    throw new OAuthError('invalid_grant');
  }
  if (store.nowSeconds() >= code.expires_at || code.redirect_uri !== redirect_uri) {
    throw new OAuthError('invalid_grant');
  }

  const grant = createGrant(store, {
    client_id: app.client_id,
    company_uuid: code.company_uuid,
    admin_uuid: code.admin_uuid,
  });
  code.used = true;
  code.grant_id = grant.id;

  return issueCompanyTokens(store, grant, null);
}

/**
 * `grant_type=refresh_token`: issues a new pair. The old refresh token stays usable until the new
 * access token is first used (Gusto: "The previous refresh_token will be revoked on the first
 * usage of the new access_token"); `authenticateAccessToken` does that revocation.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function exchangeRefreshToken(
  store: SandboxStore,
  app: SandboxApp,
  params: Record<string, string>,
): SandboxAccessToken {
  const value = requiredParam(params, 'refresh_token');
  const refresh = store.data.refresh_tokens[value];
  const grant = refresh ? store.data.grants[refresh.grant_id] : undefined;
  if (
    !refresh ||
    !grant ||
    refresh.revoked ||
    grant.revoked ||
    refresh.client_id !== app.client_id
  ) {
    throw new OAuthError('invalid_grant');
  }

  // Gusto's reference lists an optional redirect_uri: "The redirect URI you set up via the
  // Developer Portal". One the application never registered is refused.
  const redirect_uri = params.redirect_uri;
  if (redirect_uri !== undefined && !app.redirect_uris.includes(redirect_uri)) {
    throw new OAuthError('invalid_grant');
  }

  return issueCompanyTokens(store, grant, refresh.token);
}

/**
 * `grant_type=system_access`: an application-level token with no refresh token; several may be
 * live at once (Gusto API tokens guide).
 */
export function issueSystemAccess(store: SandboxStore, app: SandboxApp): SandboxAccessToken {
  return issueSystemToken(store, app.client_id);
}

/** The token endpoint's 200 body, shaped as Gusto's `Authentication` schema. */
export function tokenResponseBody(token: SandboxAccessToken): Record<string, unknown> {
  return {
    access_token: token.token,
    token_type: 'Bearer',
    expires_in: token.expires_in,
    refresh_token: token.refresh_token,
    scope: token.scope,
    created_at: token.created_at,
  };
}
