/**
 * Schemas Gusto's OpenAPI documents leave out but its documentation or the OAuth RFCs define.
 * Each is checked only where the documents are silent, never in place of a declared schema.
 */

/**
 * `POST /oauth/token` with `grant_type=authorization_code`. Gusto's 2025-06-15 document models
 * only the `refresh_token` and `system_access` requests in its `oneOf`, so this mirrors the
 * access token request of RFC 6749 §4.1.3 with the client credentials sent in the body
 * (RFC 6749 §2.3.1), as Gusto's authentication guide shows.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 * @see https://docs.gusto.com/app-integrations/docs/oauth2
 */
export const authorizationCodeRequestSchema = {
  type: 'object',
  required: ['grant_type', 'code', 'redirect_uri', 'client_id', 'client_secret'],
  properties: {
    grant_type: { const: 'authorization_code' },
    code: { type: 'string', minLength: 1 },
    redirect_uri: { type: 'string', minLength: 1 },
    client_id: { type: 'string', minLength: 1 },
    client_secret: { type: 'string', minLength: 1 },
  },
} as const;

/**
 * The error response of the token endpoint (RFC 6749 §5.2, status 400 or 401) and of the
 * revocation endpoint (RFC 7009 §2.2.1, which adds `unsupported_token_type`). Gusto's
 * documents declare only the success answers of `/oauth/token` and `/oauth/revoke`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2.1
 */
export const oauthErrorResponseSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      enum: [
        'invalid_request',
        'invalid_client',
        'invalid_grant',
        'unauthorized_client',
        'unsupported_grant_type',
        'invalid_scope',
        'unsupported_token_type',
      ],
    },
    error_description: { type: 'string' },
    error_uri: { type: 'string', format: 'uri' },
  },
} as const;

/** Statuses at which `oauthErrorResponseSchema` applies (RFC 6749 §5.2). */
export const oauthErrorStatuses: ReadonlySet<number> = new Set([400, 401]);

/**
 * Statuses Gusto's error guide lists for every `/v1` endpoint although no operation declares
 * them: 401 `invalid_token`, 403 missing scope or other company, 406 `invalid_api_version`,
 * 429 rate limited. Their body is Gusto's errors array. A 5xx is never accepted.
 * @see https://docs.gusto.com/app-integrations/docs/error-categories
 * @see https://docs.gusto.com/app-integrations/docs/rate-limits
 */
export const crossCuttingErrorStatuses: ReadonlySet<number> = new Set([401, 403, 406, 429]);

/** Gusto's `{"errors":[...]}` body, with each entry as `Entity-Error-Object` of the document. */
export const crossCuttingErrorSchema = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: { type: 'array', items: { $ref: '#/components/schemas/Entity-Error-Object' } },
  },
} as const;
