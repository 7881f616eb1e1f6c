import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';

/** Failed sign-ins allowed per email and address within the window before refusing. */
export const MAX_FAILURES = 5;

/** The sliding window over which failures count. */
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** Whether sign-in is refused for now, and for how many more seconds. */
export type ThrottleDecision =
  | { throttled: false }
  | { throttled: true; retryAfterSeconds: number };

type Db = Kysely<Database>;

/**
 * Decides whether an email and client address may try to sign in. Counted in the database, so
 * the limit holds across every web process sharing it.
 */
export async function checkSignInThrottle(
  db: Db,
  key: { email: string; ip: string },
  now = new Date(),
): Promise<ThrottleDecision> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  const recent = await db
    .selectFrom('sign_in_failures')
    .select('failed_at')
    .where('email', '=', key.email)
    .where('ip', '=', key.ip)
    .where('failed_at', '>', since)
    .orderBy('failed_at', 'desc')
    .limit(MAX_FAILURES)
    .execute();
  const oldest = recent[MAX_FAILURES - 1];
  if (!oldest) return { throttled: false };

  const freeAt = Date.parse(oldest.failed_at) + FAILURE_WINDOW_MS;

  return {
    throttled: true,
    retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)),
  };
}

/** Records one failed sign-in, and forgets this key's failures older than the window. */
export async function recordSignInFailure(
  db: Db,
  key: { email: string; ip: string },
  now = new Date(),
): Promise<void> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  await db
    .deleteFrom('sign_in_failures')
    .where('email', '=', key.email)
    .where('ip', '=', key.ip)
    .where('failed_at', '<=', since)
    .execute();
  await db
    .insertInto('sign_in_failures')
    .values({ id: crypto.randomUUID(), ...key, failed_at: now.toISOString() })
    .execute();
}

/** Clears a key's failures after a successful sign-in. */
export async function clearSignInFailures(
  db: Db,
  key: { email: string; ip: string },
): Promise<void> {
  await db
    .deleteFrom('sign_in_failures')
    .where('email', '=', key.email)
    .where('ip', '=', key.ip)
    .execute();
}
