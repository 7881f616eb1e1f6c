import { classify } from '../gusto-client/classify.js';
import { GustoError } from '../gusto-client/errors.js';
import {
  type GustoConnection,
  getLiveConnection,
  insertConnection,
} from './connection-repository.js';
import { type GustoConnectionDeps, nowOf } from './deps.js';
import { companyUuidOfToken, gustoContext, NotACompanyGrantError } from './granted-company.js';
import {
  deletePendingGrants,
  type FlowScope,
  listPendingGrants,
  type PendingGrant,
} from './pending-grants.js';
import { revokeQuietly } from './revoke-quietly.js';

/** What came of Save on Configure Access. */
export type SaveOutcome =
  | { kind: 'saved'; connection: GustoConnection }
  | { kind: 'choose' }
  | { kind: 'expired' }
  | { kind: 'already_connected'; company_name: string }
  | { kind: 'failed'; reason: string };

/**
 * Activates the company the admin chose on Configure Access. The choice is always explicit: a
 * flow that authorized several companies never falls back to one of them. The grant is proved by
 * a live `GET /v1/token_info` before anything is stored, so "Connected" is never assumed; the
 * flow's other grants are revoked at Gusto, since nothing will use them.
 */
export async function saveConnection(
  deps: GustoConnectionDeps,
  scope: FlowScope,
  chosen_id: string | undefined,
): Promise<SaveOutcome> {
  const grants = await listPendingGrants(deps.db, scope, nowOf(deps));
  if (grants.length === 0) return { kind: 'expired' };
  const grant = grants.find((g) => g.id === chosen_id);
  if (grant === undefined) return { kind: 'choose' };

  const live = await getLiveConnection(deps.db, scope.account_id);
  if (live !== undefined) return { kind: 'already_connected', company_name: live.company_name };

  const failure = await verifyGrant(deps, grant, scope.account_id);
  if (failure !== null) return { kind: 'failed', reason: failure };

  const connection = await insertOnce(deps, scope, grant);
  if ('kind' in connection) return connection;
  await closeFlow(deps, scope, grants, grant);

  return { kind: 'saved', connection };
}

/** The live check behind "Connected": null when Gusto confirmed the grant reaches the company. */
async function verifyGrant(
  deps: GustoConnectionDeps,
  grant: PendingGrant,
  account_id: string,
): Promise<string | null> {
  try {
    const access_token = deps.secretBox.open(grant.tokens.access_token);
    const company_uuid = await companyUuidOfToken(gustoContext(deps, access_token, account_id));

    return company_uuid === grant.company_uuid ? null : 'the grant now reaches another company';
  } catch (error) {
    if (!(error instanceof GustoError || error instanceof NotACompanyGrantError)) throw error;

    return classify(error).reason;
  }
}

async function insertOnce(
  deps: GustoConnectionDeps,
  scope: FlowScope,
  grant: PendingGrant,
): Promise<GustoConnection | SaveOutcome> {
  try {
    return await insertConnection(deps.db, {
      account_id: scope.account_id,
      company_uuid: grant.company_uuid,
      company_name: grant.company_name,
      tokens: grant.tokens,
      connected_by: scope.user_id,
      verified_at: nowOf(deps).toISOString(),
    });
  } catch (error) {
    // The unique live_account_id index: another Save of this account won the race.
    const live = await getLiveConnection(deps.db, scope.account_id);
    if (live === undefined) throw error;

    return { kind: 'already_connected', company_name: live.company_name };
  }
}

async function closeFlow(
  deps: GustoConnectionDeps,
  scope: FlowScope,
  grants: PendingGrant[],
  kept: PendingGrant,
): Promise<void> {
  for (const other of grants.filter((g) => g.id !== kept.id)) {
    await revokeQuietly(deps, other.tokens.refresh_token, { account_id: scope.account_id });
  }
  await deletePendingGrants(
    deps.db,
    scope,
    grants.map((g) => g.id),
  );
  deps.logger.info(
    { account_id: scope.account_id, company_uuid: kept.company_uuid },
    'gusto connection saved',
  );
}
