import { timingSafeEqual } from 'node:crypto';
import type { SandboxApp, SandboxStore } from '../state.js';
import { OAuthError } from './oauth-error.js';

/** Client credentials as the request carried them, and how. */
export interface ClientCredentials {
  client_id: string | undefined;
  client_secret: string | undefined;
  /** Whether they came in an `Authorization: Basic` header. */
  basic: boolean;
}

/**
 * Reads client credentials from HTTP Basic or the body; using both is refused.
 * Gusto's reference sends them in the body; RFC 6749 §2.3.1 requires servers to accept Basic.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export function readClientCredentials(
  authorization: string | undefined,
  params: Record<string, string>,
): ClientCredentials {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (basic === undefined) {
    return { client_id: params.client_id, client_secret: params.client_secret, basic: false };
  }
  if (params.client_secret !== undefined) {
    throw new OAuthError('invalid_request', 'Use only one client authentication method.');
  }

  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { client_id: undefined, client_secret: undefined, basic: true };

  return {
    client_id: formDecode(decoded.slice(0, colon)),
    client_secret: formDecode(decoded.slice(colon + 1)),
    basic: true,
  };
}

/** RFC 6749 §2.3.1 form-encodes the id and secret before Basic; a bad escape proves nothing. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

/**
 * The registered application these credentials prove, or `invalid_client` (401): unknown client,
 * wrong secret, or no client authentication at all (RFC 6749 §5.2).
 */
export function authenticateClient(
  store: SandboxStore,
  credentials: ClientCredentials,
): SandboxApp {
  const app = credentials.client_id ? store.data.apps[credentials.client_id] : undefined;
  if (
    !app ||
    !credentials.client_secret ||
    !sameSecret(app.client_secret, credentials.client_secret)
  ) {
    throw new OAuthError('invalid_client');
  }

  return app;
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);

  return a.length === b.length && timingSafeEqual(a, b);
}
