import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { findUserByEmail, normaliseEmail, type User } from './accounts.js';
import { UNUSABLE_PASSWORD_HASH, verifyPassword } from './password.js';
import { createSession } from './sessions.js';
import {
  checkSignInThrottle,
  clearSignInFailures,
  recordSignInFailure,
} from './sign-in-throttle.js';

/** The outcome of a sign-in attempt, with its reason. */
export type SignInResult =
  | { outcome: 'signed_in'; user: User; token: string }
  | { outcome: 'invalid_credentials' }
  | { outcome: 'throttled'; retryAfterSeconds: number };

/**
 * Checks an email and password and starts a session. Unknown emails and wrong passwords are
 * indistinguishable to the caller, and both count towards the throttle.
 */
export async function signIn(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string },
): Promise<SignInResult> {
  const key = { email: normaliseEmail(input.email), ip: input.ip };
  const throttle = await checkSignInThrottle(db, key);
  if (throttle.throttled) {
    return { outcome: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };
  }

  const row = await findUserByEmail(db, key.email);
  // Hash even for an unknown email, so response time does not reveal which emails exist.
  const matches = await verifyPassword(
    input.password,
    row?.password_hash ?? UNUSABLE_PASSWORD_HASH,
  );
  if (!row || !matches) {
    await recordSignInFailure(db, key);
    return { outcome: 'invalid_credentials' };
  }

  await clearSignInFailures(db, key);
  const { password_hash: _, ...user } = row;
  const { token } = await createSession(db, user);

  return { outcome: 'signed_in', user, token };
}
