import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { Account, User } from './accounts.js';

/** How long a session lasts after sign-in; there is no sliding renewal. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** A signed-in session as the web layer uses it. */
export interface SessionContext {
  sessionId: string;
  csrfToken: string;
  user: User;
  account: Account;
}

type Db = Kysely<Database>;

/** Starts a session for a user; returns the cookie value, which is stored only as a hash. */
export async function createSession(
  db: Db,
  user: Pick<User, 'id' | 'account_id'>,
  now = new Date(),
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      id: sessionIdFor(token),
      user_id: user.id,
      account_id: user.account_id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString(),
    })
    .execute();

  return { token, csrfToken };
}

/** Finds the live session a cookie value names, with its user and account. */
export async function findSession(
  db: Db,
  token: string,
  now = new Date(),
): Promise<SessionContext | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select([
      's.id as session_id',
      's.csrf_token',
      'u.id as user_id',
      'u.email',
      'u.name as user_name',
      'u.role',
      'u.created_at as user_created_at',
      'a.id as account_id',
      'a.name as account_name',
      'a.plan',
      'a.created_at as account_created_at',
    ])
    .where('s.id', '=', sessionIdFor(token))
    .where('s.expires_at', '>', now.toISOString())
    // A user moved to another account loses the sessions of the old one.
    .whereRef('u.account_id', '=', 's.account_id')
    .executeTakeFirst();
  if (!row) return undefined;

  return {
    sessionId: row.session_id,
    csrfToken: row.csrf_token,
    user: {
      id: row.user_id,
      account_id: row.account_id,
      email: row.email,
      name: row.user_name,
      role: row.role,
      created_at: row.user_created_at,
    },
    account: {
      id: row.account_id,
      name: row.account_name,
      plan: row.plan,
      created_at: row.account_created_at,
    },
  };
}

/** Ends a session (sign-out), and sweeps expired ones while at it. */
export async function deleteSession(db: Db, sessionId: string, now = new Date()): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
}

/** The stored id of a session: SHA-256 of its cookie value, so the table holds no usable token. */
function sessionIdFor(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
