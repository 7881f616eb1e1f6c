import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import { prepared } from '../storage/prepared.js';
import type { Database } from '../storage/schema.js';
import type { GustoConnectionRow } from './tables.js';

type Db = Kysely<Database>;

/** A connection row as read. */
export type GustoConnection = Selectable<GustoConnectionRow>;

/** A token pair, already sealed by the secret box. */
export interface SealedTokens {
  access_token: string;
  refresh_token: string;
  access_token_expires_at: string;
  scope: string;
}

/**
 * The account's current connection: the live one, else the last disconnected one (history), or
 * undefined when the account never connected. Only one row per account is ever live, and a new
 * connection is always made after the old one was disconnected, so the newest row is current.
 */
export async function getConnection(
  db: Db,
  account_id: string,
): Promise<GustoConnection | undefined> {
  return db
    .selectFrom('gusto_connections')
    .selectAll()
    .where('account_id', '=', account_id)
    .orderBy('connected_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The account's live connection (active or needing reauthorization), if any. */
export async function getLiveConnection(
  db: Db,
  account_id: string,
): Promise<GustoConnection | undefined> {
  return db
    .selectFrom('gusto_connections')
    .selectAll()
    .where('live_account_id', '=', account_id)
    .$call(prepared)
    .executeTakeFirst();
}

/**
 * PostgreSQL: `getLiveConnection`'s row as JSON (null when none is live), for a statement that
 * reads it with other things. Written as SQL, as the statements that use it are.
 */
export function liveConnectionJson(account_id: string): RawBuilder<GustoConnection | null> {
  return sql`(
    select to_json(c) from gusto_connections c where c.live_account_id = ${account_id}
  )`;
}

/** What a new, verified connection starts with. */
export interface NewConnection {
  account_id: string;
  company_uuid: string;
  company_name: string;
  tokens: SealedTokens;
  connected_by: string;
  /** When the live call that proved the grant succeeded. */
  verified_at: string;
}

/**
 * Stores a new active connection. Throws on the unique `live_account_id` index when the account
 * already has a live one, so two Saves racing cannot make two.
 */
export async function insertConnection(db: Db, c: NewConnection): Promise<GustoConnection> {
  const row: GustoConnection = {
    id: crypto.randomUUID(),
    account_id: c.account_id,
    live_account_id: c.account_id,
    status: 'active',
    company_uuid: c.company_uuid,
    company_name: c.company_name,
    ...c.tokens,
    token_generation: 1,
    refresh_lease_until: null,
    refresh_lease_owner: null,
    status_reason: null,
    connected_by: c.connected_by,
    connected_at: c.verified_at,
    last_verified_at: c.verified_at,
    disconnected_by: null,
    disconnected_at: null,
    updated_at: c.verified_at,
  };
  await db.insertInto('gusto_connections').values(row).execute();

  return row;
}

/** Records that a live call with the connection's grant just succeeded. */
export async function markVerified(
  db: Db,
  scope: { account_id: string; id: string },
  at: string,
): Promise<void> {
  await db
    .updateTable('gusto_connections')
    .set({ last_verified_at: at, updated_at: at })
    .where('id', '=', scope.id)
    .where('account_id', '=', scope.account_id)
    .execute();
}

/**
 * Marks an active connection as needing a new authorization. Guarded by the token generation
 * the caller saw, so a refusal of an old token cannot undo a newer pair someone just stored.
 * Returns whether this call changed the row.
 */
export async function markNeedsReauthorization(
  db: Db,
  scope: { account_id: string; id: string; token_generation: number },
  reason: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('gusto_connections')
    .set({ status: 'needs_reauthorization', status_reason: reason, updated_at: at })
    .where('id', '=', scope.id)
    .where('account_id', '=', scope.account_id)
    .where('status', '=', 'active')
    .where('token_generation', '=', scope.token_generation)
    .executeTakeFirst();

  return Number(result.numUpdatedRows) === 1;
}

/** Stores the pair of a repeated authorization of the same company and makes it active again. */
export async function storeReauthorizedTokens(
  db: Db,
  scope: { account_id: string; id: string },
  tokens: SealedTokens,
  at: string,
): Promise<void> {
  await db
    .updateTable('gusto_connections')
    .set((eb) => ({
      ...tokens,
      status: 'active',
      status_reason: null,
      token_generation: eb('token_generation', '+', 1),
      refresh_lease_until: null,
      refresh_lease_owner: null,
      last_verified_at: at,
      updated_at: at,
    }))
    .where('id', '=', scope.id)
    .where('account_id', '=', scope.account_id)
    .where('status', '!=', 'disconnected')
    .execute();
}

/** Ends a connection: forgets its tokens, frees the account for a new one, keeps the row. */
export async function markDisconnected(
  db: Db,
  scope: { account_id: string; id: string },
  by: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('gusto_connections')
    .set((eb) => ({
      status: 'disconnected',
      live_account_id: null,
      access_token: null,
      refresh_token: null,
      access_token_expires_at: null,
      token_generation: eb('token_generation', '+', 1),
      refresh_lease_until: null,
      refresh_lease_owner: null,
      status_reason: 'disconnected by an admin',
      disconnected_by: by,
      disconnected_at: at,
      updated_at: at,
    }))
    .where('id', '=', scope.id)
    .where('account_id', '=', scope.account_id)
    .execute();
}
