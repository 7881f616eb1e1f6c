import { getLiveConnection, markDisconnected } from './connection-repository.js';
import { type GustoConnectionDeps, nowOf } from './deps.js';
import { revokeQuietly } from './revoke-quietly.js';

/** What came of Disconnect. */
export type DisconnectOutcome =
  | { kind: 'not_connected' }
  | { kind: 'disconnected'; company_name: string; revoked: boolean };

/**
 * Ends the account's connection: revokes the grant at Gusto (its refresh token; RFC 7009 §2.1
 * has the server end the access tokens of the same grant too), then forgets the tokens locally
 * whatever Gusto answered, keeping the row and the hires already sent as history. `revoked:
 * false` means the grant may still be listed in Gusto and should be removed there.
 */
export async function disconnect(
  deps: GustoConnectionDeps,
  account_id: string,
  user_id: string,
): Promise<DisconnectOutcome> {
  const live = await getLiveConnection(deps.db, account_id);
  if (live === undefined) return { kind: 'not_connected' };

  const context = { account_id, connection_id: live.id };
  const revoked =
    live.refresh_token !== null && (await revokeQuietly(deps, live.refresh_token, context));
  await markDisconnected(deps.db, live, user_id, nowOf(deps).toISOString());
  deps.logger.info({ ...context, revoked }, 'gusto connection disconnected');

  return { kind: 'disconnected', company_name: live.company_name, revoked };
}
