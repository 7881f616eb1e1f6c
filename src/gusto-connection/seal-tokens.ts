import type { SecretBox } from '../crypto/secret-box.js';
import { accessTokenExpiresAt, type TokenResponse } from '../gusto-client/oauth.js';
import type { SealedTokens } from './connection-repository.js';

/** Seals a token response for storage; the plain tokens never reach the database. */
export function sealTokenResponse(box: SecretBox, tokens: TokenResponse): SealedTokens {
  return {
    access_token: box.seal(tokens.access_token),
    refresh_token: box.seal(tokens.refresh_token),
    access_token_expires_at: accessTokenExpiresAt(tokens).toISOString(),
    scope: tokens.scope,
  };
}
