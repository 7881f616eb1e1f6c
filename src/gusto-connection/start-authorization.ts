import { buildAuthorizationUrl } from '../gusto-client/oauth.js';
import { type GustoConnectionDeps, nowOf } from './deps.js';
import { createOAuthState, type StateOwner } from './oauth-state.js';
import type { OAuthPurpose } from './tables.js';

/** An authorization request ready to send the browser to Gusto. */
export interface AuthorizationStart {
  flow_id: string;
  authorizeUrl: string;
}

/**
 * Starts one authorization round trip: a fresh single-use state bound to the session, and the
 * authorize URL carrying it. Passing the `flow_id` of a connect flow adds another company to it.
 */
export async function startAuthorization(
  deps: GustoConnectionDeps,
  owner: StateOwner,
  input: { purpose: OAuthPurpose; flow_id?: string | undefined },
): Promise<AuthorizationStart> {
  const flow_id = input.flow_id ?? crypto.randomUUID();
  const state = await createOAuthState(
    deps.db,
    { ...owner, purpose: input.purpose, flow_id },
    nowOf(deps),
  );
  const { settings } = deps;
  const authorizeUrl = buildAuthorizationUrl({
    baseUrl: settings.baseUrl,
    client_id: settings.client_id,
    redirect_uri: settings.redirect_uri,
    state,
  });

  return { flow_id, authorizeUrl };
}
