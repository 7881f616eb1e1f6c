import { classify } from '../gusto-client/classify.js';
import { withGustoAccess } from './access.js';
import { getLiveConnection, markVerified } from './connection-repository.js';
import { type GustoConnectionDeps, nowOf } from './deps.js';
import { GustoNotConnectedError, ReauthorizationRequiredError } from './errors.js';
import { companyUuidOfToken, gustoContext } from './granted-company.js';

/** What "Check connection" found. */
export type CheckOutcome =
  | { kind: 'verified'; at: string }
  | { kind: 'not_connected' }
  | { kind: 'needs_reauthorization' }
  | { kind: 'failed'; reason: string };

/**
 * Proves the connection with a live `GET /v1/token_info` (refreshing first if due) and records
 * when it last worked; the tile's "last verified" comes from here and from Save.
 */
export async function checkConnection(
  deps: GustoConnectionDeps,
  account_id: string,
): Promise<CheckOutcome> {
  const live = await getLiveConnection(deps.db, account_id);
  if (live === undefined) return { kind: 'not_connected' };
  try {
    await withGustoAccess(deps, account_id, (a) =>
      companyUuidOfToken(gustoContext(deps, a.access_token, account_id)),
    );
    const at = nowOf(deps).toISOString();
    await markVerified(deps.db, live, at);

    return { kind: 'verified', at };
  } catch (error) {
    return checkFailure(error);
  }
}

function checkFailure(error: unknown): CheckOutcome {
  if (error instanceof ReauthorizationRequiredError) return { kind: 'needs_reauthorization' };
  if (error instanceof GustoNotConnectedError) return { kind: 'not_connected' };

  return { kind: 'failed', reason: classify(error).reason };
}
