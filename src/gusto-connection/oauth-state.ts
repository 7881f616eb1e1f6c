import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { GustoOAuthStateRow, OAuthPurpose } from './tables.js';

type Db = Kysely<Database>;

/**
 * How long an authorization request may take; Gusto's authorization code itself lives
 * 10 minutes, so a slower round trip could not finish anyway.
 * @see https://docs.gusto.com/v1/basics/authentication
 */
export const OAUTH_STATE_LIFETIME_MS = 10 * 60 * 1000;

/** Who started an authorization request: the signed-in session it is bound to. */
export interface StateOwner {
  account_id: string;
  user_id: string;
  session_id: string;
}

/** A state to create: its owner, its purpose and the flow it belongs to. */
export interface NewOAuthState extends StateOwner {
  purpose: OAuthPurpose;
  flow_id: string;
}

/** The server-side record of a state value; the value itself is never stored. */
function stateIdOf(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

/**
 * Creates the `state` of an authorization request: 256 random bits, stored only as a hash and
 * bound to the session, user and account, so a callback from any other browser is refused.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export async function createOAuthState(db: Db, s: NewOAuthState, now: Date): Promise<string> {
  // Abandoned authorizations leave their states behind; each new one clears out the long dead.
  await pruneOAuthStates(db, now);
  const state = randomBytes(32).toString('base64url');
  await db
    .insertInto('gusto_oauth_states')
    .values({
      id: stateIdOf(state),
      ...s,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + OAUTH_STATE_LIFETIME_MS).toISOString(),
      used_at: null,
    })
    .execute();

  return state;
}

/** Why a callback's state was refused; logged, and shown to the admin in plain words. */
export type StateRefusal = 'missing' | 'unknown' | 'other_session' | 'expired' | 'used';

/** The verdict on a callback's state: the request it answers, or why it was refused. */
export type StateVerdict =
  | { ok: true; state: GustoOAuthStateRow }
  | { ok: false; reason: StateRefusal };

/**
 * Checks a callback's state and spends it: it must exist, belong to this very session, user and
 * account, be unexpired, and never have been used. Spending is a guarded UPDATE, so two
 * callbacks racing with one state cannot both pass.
 */
export async function consumeOAuthState(
  db: Db,
  state: string | undefined,
  owner: StateOwner,
  now: Date,
): Promise<StateVerdict> {
  if (!state) return { ok: false, reason: 'missing' };
  const row = await db
    .selectFrom('gusto_oauth_states')
    .selectAll()
    .where('id', '=', stateIdOf(state))
    .executeTakeFirst();
  const refusal = refusalOf(row, owner, now);
  if (refusal !== null || row === undefined) return { ok: false, reason: refusal ?? 'unknown' };

  const spent = await spend(db, row.id, now);
  if (!spent) return { ok: false, reason: 'used' };

  return { ok: true, state: { ...row, used_at: now.toISOString() } };
}

function refusalOf(
  row: GustoOAuthStateRow | undefined,
  owner: StateOwner,
  now: Date,
): StateRefusal | null {
  if (row === undefined) return 'unknown';
  const sameOwner =
    row.account_id === owner.account_id &&
    row.user_id === owner.user_id &&
    row.session_id === owner.session_id;
  if (!sameOwner) return 'other_session';
  if (row.used_at !== null) return 'used';
  if (row.expires_at <= now.toISOString()) return 'expired';

  return null;
}

async function spend(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('gusto_oauth_states')
    .set({ used_at: now.toISOString() })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();

  return Number(result.numUpdatedRows) === 1;
}

/** Removes states that expired more than a day ago; they can no longer answer anything. */
export async function pruneOAuthStates(db: Db, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString();
  await db.deleteFrom('gusto_oauth_states').where('expires_at', '<', cutoff).execute();
}
