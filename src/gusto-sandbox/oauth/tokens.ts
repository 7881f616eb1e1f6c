import type { SandboxAccessToken, SandboxGrant, SandboxStore } from '../state.js';
import { newOpaqueToken } from '../state.js';

/** Access tokens live two hours (`expires_in: 7200`, Gusto company access tokens guide). */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 7200;

/**
 * Scopes a sandbox company token carries: everything the hand-off uses. Real Gusto assigns
 * scopes to the application during review rather than per request (FACTS §1.2).
 */
export const COMPANY_SCOPES = [
  'public',
  'access_token:read',
  'companies:read',
  'companies:write',
  'employees:read',
  'employees:write',
  'employees:manage',
  'jobs:read',
  'jobs:write',
  'compensations:read',
  'compensations:write',
  'contractors:read',
  'contractors:write',
  'contractors:manage',
  'departments:read',
  'departments:write',
].join(' ');

/** Scopes of a system access token (application level). */
export const SYSTEM_SCOPES = [
  'public',
  'webhook_subscriptions:read',
  'webhook_subscriptions:write',
  'events:read',
  'companies:disconnect_app_integration',
].join(' ');

/** Issues a company access token and its refresh token for a grant. */
export function issueCompanyTokens(
  store: SandboxStore,
  grant: SandboxGrant,
  previous_refresh_token: string | null,
): SandboxAccessToken {
  const token: SandboxAccessToken = {
    token: newOpaqueToken(),
    kind: 'company',
    client_id: grant.client_id,
    grant_id: grant.id,
    scope: COMPANY_SCOPES,
    created_at: store.nowSeconds(),
    expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
    revoked: false,
    used: false,
    refresh_token: newOpaqueToken(),
    previous_refresh_token,
  };
  store.data.access_tokens[token.token] = token;
  if (token.refresh_token) {
    store.data.refresh_tokens[token.refresh_token] = {
      token: token.refresh_token,
      grant_id: grant.id,
      client_id: grant.client_id,
      revoked: false,
    };
  }
  store.changed();

  return token;
}

/** Issues an application-level system access token (no refresh token). */
export function issueSystemToken(store: SandboxStore, client_id: string): SandboxAccessToken {
  const token: SandboxAccessToken = {
    token: newOpaqueToken(),
    kind: 'system',
    client_id,
    grant_id: null,
    scope: SYSTEM_SCOPES,
    created_at: store.nowSeconds(),
    expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
    revoked: false,
    used: false,
    refresh_token: null,
    previous_refresh_token: null,
  };
  store.data.access_tokens[token.token] = token;
  store.changed();

  return token;
}

/** Who a valid bearer token speaks for. */
export interface TokenAuth {
  token: SandboxAccessToken;
  /** The grant, for company tokens; null for system tokens. */
  grant: SandboxGrant | null;
  /** The one company a company token reaches (strict access); null for system tokens. */
  company_uuid: string | null;
  scopes: Set<string>;
}

/** Why a bearer token was refused. */
export type TokenRefusal = 'missing' | 'unknown' | 'expired' | 'revoked';

/**
 * Checks a bearer token and records its use. The first use of an access token revokes the refresh
 * token that was exchanged for it, as Gusto documents for refresh rotation.
 */
export function authenticateAccessToken(
  store: SandboxStore,
  value: string | null,
): TokenAuth | TokenRefusal {
  if (!value) return 'missing';
  const token = store.data.access_tokens[value];
  if (!token) return 'unknown';
  const grant = token.grant_id ? (store.data.grants[token.grant_id] ?? null) : null;
  if (token.revoked || grant?.revoked) return 'revoked';
  if (store.nowSeconds() >= token.created_at + token.expires_in) return 'expired';
  if (!token.used) markFirstUse(store, token);

  return {
    token,
    grant,
    company_uuid: grant?.company_uuid ?? null,
    scopes: new Set(token.scope.split(' ')),
  };
}

/**
 * On the first use of a refreshed access token, the refresh token exchanged for it dies, and so
 * does the access token issued beside that refresh token: Doorkeeper, which Gusto's OAuth mirrors,
 * keeps both on one record and revokes it whole. Until then both stay valid, so a client that
 * lost the refresh response can retry the refresh.
 */
function markFirstUse(store: SandboxStore, token: SandboxAccessToken): void {
  token.used = true;
  const previous = token.previous_refresh_token;
  const old = previous ? store.data.refresh_tokens[previous] : undefined;
  if (old) old.revoked = true;
  if (previous) {
    for (const other of Object.values(store.data.access_tokens)) {
      if (other.refresh_token === previous) other.revoked = true;
    }
  }
  store.changed();
}

/** Reads the token from an `Authorization: Bearer …` header value. */
export function bearerFrom(header: string | undefined | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');

  return match?.[1] ?? null;
}
