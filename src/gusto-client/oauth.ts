import { z } from 'zod';
import { registerSecret } from '../logging/logger.js';
import {
  errorFromOAuthResponse,
  type ReadResponse,
  unexpectedBody,
} from './error-from-response.js';
import type { RequestLabel } from './errors.js';
import { GUSTO_API_VERSION } from './gusto-api-version.js';
import { sendRequest, type TransportOptions, toResponse } from './transport.js';

// OAuth is done with plain fetch rather than the SDK: the SDK's `introspectionOauthAccessToken`
// models only the refresh_token and system_access grants (not authorization_code), it has no
// revoke call, it cannot build the authorize URL, and it turns RFC 6749 error bodies into a
// generic API error. A build function and a process function per call also let tests feed
// hand-built Responses.

const TOKEN: RequestLabel = { method: 'POST', path: '/oauth/token' };
const REVOKE: RequestLabel = { method: 'POST', path: '/oauth/revoke' };

/** The application's credentials from Gusto's Developer Portal. */
export interface ClientCredentials {
  client_id: string;
  client_secret: string;
}

/** Parameters of the authorization request. */
export interface AuthorizationUrlParameters {
  /** `https://api.gusto.com`, `https://api.gusto-demo.com` or the sandbox's origin. */
  baseUrl: string;
  client_id: string;
  redirect_uri: string;
  /** Opaque value bound to the user's session, checked on the callback (RFC 6749 §10.12). */
  state: string;
}

/**
 * The URL to send the admin's browser to. Gusto assigns scopes to the application, so no
 * `scope` parameter is sent.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 * @see https://docs.gusto.com/app-integrations/docs/oauth2
 */
export function buildAuthorizationUrl(p: AuthorizationUrlParameters): string {
  const url = new URL('/oauth/authorize', p.baseUrl);
  url.searchParams.set('client_id', p.client_id);
  url.searchParams.set('redirect_uri', p.redirect_uri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('state', p.state);

  return url.toString();
}

/**
 * Gusto's token response (Doorkeeper style: `created_at` is epoch seconds).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  /** Seconds from `created_at`; 7200 at Gusto. */
  expires_in: number;
  /** Epoch seconds at which Gusto issued the token. */
  created_at: number;
  /** Space-separated scopes granted; empty when Gusto omits it. */
  scope: string;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  // RFC 6749 §7.1: the token type is case-insensitive.
  token_type: z
    .string()
    .refine((t) => t.toLowerCase() === 'bearer')
    .transform(() => 'Bearer' as const),
  expires_in: z.number().int().positive(),
  created_at: z.number().int().nonnegative(),
  scope: z.string().default(''),
});

/** When the access token stops working. */
export function accessTokenExpiresAt(token: Pick<TokenResponse, 'created_at' | 'expires_in'>) {
  return new Date((token.created_at + token.expires_in) * 1000);
}

function jsonPost(baseUrl: string, label: RequestLabel, body: Record<string, string>): Request {
  return new Request(new URL(label.path, baseUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-gusto-api-version': GUSTO_API_VERSION,
    },
    body: JSON.stringify(body),
  });
}

async function readResponse(response: Response): Promise<ReadResponse> {
  return { status: response.status, headers: response.headers, body: await response.text() };
}

function registerTokenValues(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  for (const key of ['access_token', 'refresh_token'] as const) {
    const v: unknown = (value as Record<string, unknown>)[key];
    if (typeof v === 'string') registerSecret(v);
  }
}

function parseJsonOrNull(body: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(body) };
  } catch {
    return null;
  }
}

async function processTokenResponse(response: Response): Promise<TokenResponse> {
  const res = await readResponse(response);
  if (res.status < 200 || res.status > 299) throw errorFromOAuthResponse(TOKEN, res);

  const json = parseJsonOrNull(res.body);
  if (json === null) throw unexpectedBody(TOKEN, res, 'body is not JSON');
  registerTokenValues(json.value);

  const parsed = tokenResponseSchema.safeParse(json.value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw unexpectedBody(TOKEN, res, `token response fields invalid: ${fields}`);
  }

  return parsed.data;
}

/** Parameters of the authorization code grant. */
export interface AuthorizationCodeGrant extends ClientCredentials {
  baseUrl: string;
  code: string;
  /** Must equal the redirect_uri of the authorization request (RFC 6749 §4.1.3). */
  redirect_uri: string;
}

/**
 * Builds the code-for-tokens request. Gusto documents a JSON body; the client_secret goes in the
 * body because Gusto refuses it in the URL.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 * @see https://docs.gusto.com/embedded-payroll/docs/company-access-tokens
 */
export function buildAuthorizationCodeRequest(p: AuthorizationCodeGrant): Request {
  registerSecret(p.client_secret);
  registerSecret(p.code);

  return jsonPost(p.baseUrl, TOKEN, {
    client_id: p.client_id,
    client_secret: p.client_secret,
    code: p.code,
    redirect_uri: p.redirect_uri,
    grant_type: 'authorization_code',
  });
}

/** Checks and types the answer to the authorization code grant. */
export function processAuthorizationCodeResponse(response: Response): Promise<TokenResponse> {
  return processTokenResponse(response);
}

/** Exchanges an authorization code for the company's token pair. Never retried. */
export async function exchangeAuthorizationCode(
  p: AuthorizationCodeGrant,
  options: TransportOptions = {},
): Promise<TokenResponse> {
  const res = await sendRequest(options, TOKEN, buildAuthorizationCodeRequest(p));

  return processAuthorizationCodeResponse(toResponse(res));
}

/** Parameters of the refresh token grant. */
export interface RefreshTokenGrant extends ClientCredentials {
  baseUrl: string;
  refresh_token: string;
}

/**
 * Builds the refresh request. Gusto revokes the old refresh token on first use of the new access
 * token, so the caller must store the new pair before using it.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @see https://docs.gusto.com/app-integrations/v2024-04-01/reference/refresh-access-token
 */
export function buildRefreshTokenRequest(p: RefreshTokenGrant): Request {
  registerSecret(p.client_secret);
  registerSecret(p.refresh_token);

  return jsonPost(p.baseUrl, TOKEN, {
    client_id: p.client_id,
    client_secret: p.client_secret,
    grant_type: 'refresh_token',
    refresh_token: p.refresh_token,
  });
}

/** Checks and types the answer to the refresh token grant. */
export function processRefreshTokenResponse(response: Response): Promise<TokenResponse> {
  return processTokenResponse(response);
}

/**
 * Trades a refresh token for a new pair. Never retried here: whether a retry is safe depends on
 * the caller's single-flight refresh, which owns that decision.
 */
export async function refreshAccessToken(
  p: RefreshTokenGrant,
  options: TransportOptions = {},
): Promise<TokenResponse> {
  const res = await sendRequest(options, TOKEN, buildRefreshTokenRequest(p));

  return processRefreshTokenResponse(toResponse(res));
}

/** Parameters of token revocation. */
export interface RevocationParameters extends ClientCredentials {
  baseUrl: string;
  /** The access or refresh token to revoke. */
  token: string;
}

/**
 * Builds the revocation request; Gusto takes a JSON body with the client credentials.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 * @see https://docs.gusto.com/app-integrations/changelog/august-2024
 */
export function buildRevocationRequest(p: RevocationParameters): Request {
  registerSecret(p.client_secret);
  registerSecret(p.token);

  return jsonPost(p.baseUrl, REVOKE, {
    client_id: p.client_id,
    client_secret: p.client_secret,
    token: p.token,
  });
}

/** Checks the answer to a revocation; Gusto answers 200 with no body. */
export async function processRevocationResponse(response: Response): Promise<void> {
  const res = await readResponse(response);
  if (res.status < 200 || res.status > 299) throw errorFromOAuthResponse(REVOKE, res);
}

/** Revokes a token at Gusto, so it can neither be used nor refreshed. */
export async function revokeToken(
  p: RevocationParameters,
  options: TransportOptions = {},
): Promise<void> {
  const res = await sendRequest(options, REVOKE, buildRevocationRequest(p));

  await processRevocationResponse(toResponse(res));
}
