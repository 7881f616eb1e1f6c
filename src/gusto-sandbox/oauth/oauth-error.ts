import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * OAuth 2 error codes of the token and revocation endpoints.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2.1
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_token_type';

/**
 * Descriptions worded as a Doorkeeper server words them: Gusto's OAuth behaves like Doorkeeper
 * (token JSON with `created_at`, `Oauth::Application` resources, revoke-on-use refresh), but its
 * exact error bodies are unconfirmed, so these are the most plausible defaults.
 */
export const oauthErrorDescriptions: Record<OAuthErrorCode, string> = {
  invalid_request:
    'The request is missing a required parameter, includes an unsupported parameter value, ' +
    'or is otherwise malformed.',
  invalid_client:
    'Client authentication failed due to unknown client, no client authentication included, ' +
    'or unsupported authentication method.',
  invalid_grant:
    'The provided authorization grant is invalid, expired, revoked, does not match the ' +
    'redirection URI used in the authorization request, or was issued to another client.',
  unauthorized_client: 'You are not authorized to revoke this token.',
  unsupported_grant_type:
    'The authorization grant type is not supported by the authorization server.',
  unsupported_token_type:
    'The authorization server does not support the revocation of this token type.',
};

/** Statuses per RFC 6749 §5.2: 400, except 401 for failed client authentication. */
const statuses: Record<OAuthErrorCode, ContentfulStatusCode> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  unsupported_token_type: 400,
};

/** A refusal by the token or revocation endpoint, turned into its RFC 6749 §5.2 response. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly error_description: string = oauthErrorDescriptions[error],
  ) {
    super(`${error}: ${error_description}`);
    this.name = 'OAuthError';
  }

  /** The HTTP status for this error code. */
  get status(): ContentfulStatusCode {
    return statuses[this.error];
  }
}

/**
 * Sends `{"error", "error_description"}` with the error's status, uncached.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function oauthErrorResponse(
  c: Context,
  failure: OAuthError,
  basicAuthUsed = false,
): Response {
  noStore(c);

  // RFC 6749 §5.2: a client that tried HTTP Basic gets a 401 with its challenge.
  if (failure.error === 'invalid_client' && basicAuthUsed) {
    c.header('WWW-Authenticate', 'Basic realm="Gusto sandbox"');
  }

  return c.json(
    { error: failure.error, error_description: failure.error_description },
    failure.status,
  );
}

/**
 * Token responses must not be cached.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function noStore(c: Context): void {
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
}
