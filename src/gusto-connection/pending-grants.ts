import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { SealedTokens } from './connection-repository.js';
import type { GustoPendingGrantRow } from './tables.js';

type Db = Kysely<Database>;

/** How long an authorized company waits on Configure Access for the admin to Save. */
export const PENDING_GRANT_LIFETIME_MS = 30 * 60 * 1000;

/** A work location as the Configure Access box lists it. */
export interface LocationSummary {
  uuid: string;
  label: string;
}

/** A company authorized in a connect flow, with its locations, awaiting Save. */
export interface PendingGrant {
  id: string;
  flow_id: string;
  company_uuid: string;
  company_name: string;
  locations: LocationSummary[];
  tokens: SealedTokens;
}

/** Whose flow: the account, the admin who runs it, and the flow. */
export interface FlowScope {
  account_id: string;
  user_id: string;
  flow_id: string;
}

/** What the callback learned about an authorized company. */
export interface GrantedCompany {
  company_uuid: string;
  company_name: string;
  locations: LocationSummary[];
  tokens: SealedTokens;
}

/**
 * Records a company authorized in the flow. Authorizing the same company twice in one flow keeps
 * only the newest grant, and returns the tokens of the one it replaced so they can be revoked.
 */
export async function addPendingGrant(
  db: Db,
  scope: FlowScope,
  grant: GrantedCompany,
  now: Date,
): Promise<PendingGrant[]> {
  const replaced = (await listPendingGrants(db, scope, now)).filter(
    (g) => g.company_uuid === grant.company_uuid,
  );
  await deletePendingGrants(
    db,
    scope,
    replaced.map((g) => g.id),
  );
  await db
    .insertInto('gusto_pending_grants')
    .values({
      id: crypto.randomUUID(),
      account_id: scope.account_id,
      user_id: scope.user_id,
      flow_id: scope.flow_id,
      company_uuid: grant.company_uuid,
      company_name: grant.company_name,
      locations: JSON.stringify(grant.locations),
      ...grant.tokens,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + PENDING_GRANT_LIFETIME_MS).toISOString(),
    })
    .execute();

  return replaced;
}

/** The unexpired companies authorized in the flow, oldest first. */
export async function listPendingGrants(
  db: Db,
  scope: FlowScope,
  now: Date,
): Promise<PendingGrant[]> {
  const rows = await db
    .selectFrom('gusto_pending_grants')
    .selectAll()
    .where('account_id', '=', scope.account_id)
    .where('user_id', '=', scope.user_id)
    .where('flow_id', '=', scope.flow_id)
    .where('expires_at', '>', now.toISOString())
    .orderBy('created_at')
    .orderBy('id')
    .execute();

  return rows.map(toPendingGrant);
}

/** Deletes the named grants of the flow (scoped, so ids from elsewhere match nothing). */
export async function deletePendingGrants(db: Db, scope: FlowScope, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('gusto_pending_grants')
    .where('account_id', '=', scope.account_id)
    .where('flow_id', '=', scope.flow_id)
    .where('id', 'in', ids)
    .execute();
}

function toPendingGrant(row: GustoPendingGrantRow): PendingGrant {
  return {
    id: row.id,
    flow_id: row.flow_id,
    company_uuid: row.company_uuid,
    company_name: row.company_name,
    locations: JSON.parse(row.locations) as LocationSummary[],
    tokens: {
      access_token: row.access_token,
      refresh_token: row.refresh_token,
      access_token_expires_at: row.access_token_expires_at,
      scope: row.scope,
    },
  };
}
