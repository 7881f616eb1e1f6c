import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { SealedTokens } from './connection-repository.js';

type Db = Kysely<Database>;

/** Which refresh a lease is for: the connection and the token generation its holder saw. */
export interface LeaseScope {
  id: string;
  account_id: string;
  token_generation: number;
}

/**
 * Compare-and-set: takes the right to refresh when the row still holds the generation the caller
 * saw, is active, and no unexpired lease is held. One UPDATE, so exactly one process wins on
 * both SQLite and PostgreSQL without a transaction held open across the call to Gusto.
 */
export async function takeRefreshLease(
  db: Db,
  scope: LeaseScope,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const nowText = now.toISOString();
  const result = await db
    .updateTable('gusto_connections')
    .set({
      refresh_lease_owner: owner,
      refresh_lease_until: new Date(now.getTime() + leaseMs).toISOString(),
      updated_at: nowText,
    })
    .where('id', '=', scope.id)
    .where('account_id', '=', scope.account_id)
    .where('status', '=', 'active')
    .where('token_generation', '=', scope.token_generation)
    .where((eb) =>
      eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<=', nowText)]),
    )
    .executeTakeFirst();

  return Number(result.numUpdatedRows) === 1;
}

/**
 * Stores the pair a refresh returned, bumps the generation and frees the lease; only while this
 * owner still holds the lease for the generation it refreshed. `false` means the lease was lost
 * (it expired and another process refreshed): the caller must not use its pair.
 */
export async function storeRefreshedTokens(
  db: Db,
  scope: LeaseScope,
  owner: string,
  tokens: SealedTokens,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('gusto_connections')
    .set({
      ...tokens,
      token_generation: scope.token_generation + 1,
      refresh_lease_until: null,
      refresh_lease_owner: null,
      updated_at: at,
    })
    .where('id', '=', scope.id)
    .where('account_id', '=', scope.account_id)
    .where('token_generation', '=', scope.token_generation)
    .where('refresh_lease_owner', '=', owner)
    .executeTakeFirst();

  return Number(result.numUpdatedRows) === 1;
}

/** Gives the lease back after a refresh that failed, so another caller may try at once. */
export async function releaseRefreshLease(
  db: Db,
  scope: LeaseScope,
  owner: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('gusto_connections')
    .set({ refresh_lease_until: null, refresh_lease_owner: null, updated_at: at })
    .where('id', '=', scope.id)
    .where('account_id', '=', scope.account_id)
    .where('refresh_lease_owner', '=', owner)
    .execute();
}
