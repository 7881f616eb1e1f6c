import type { Kysely, Selectable } from 'kysely';
import type { AtsTables, Database } from '../storage/schema.js';
import { hashPassword, newPasswordProblem, WeakPasswordError } from './password.js';

/** The plans an account can be on; the Gusto integration belongs to Scale and Enterprise. */
export const PLANS = ['free', 'start', 'scale', 'enterprise'] as const;

/** An account's plan. */
export type Plan = (typeof PLANS)[number];

/** Display names of the plans, in the product's words. */
export const PLAN_LABELS: Record<Plan, string> = {
  free: 'Free',
  start: 'Start',
  scale: 'Scale',
  enterprise: 'Enterprise',
};

/** The roles a user can have within their account. */
export const ROLES = ['admin', 'recruiter'] as const;

/** A user's role. */
export type Role = (typeof ROLES)[number];

/** Display names of the roles. */
export const ROLE_LABELS: Record<Role, string> = { admin: 'Admin', recruiter: 'Recruiter' };

/** A company using Hirebridge. */
export type Account = Selectable<AtsTables['accounts']>;

/** A person who signs in; belongs to exactly one account. Never carries the password hash. */
export type User = Omit<Selectable<AtsTables['users']>, 'password_hash'>;

type Db = Kysely<Database>;

const USER_COLUMNS = ['id', 'account_id', 'email', 'name', 'role', 'created_at'] as const;

/** Creates an account. */
export async function createAccount(db: Db, input: { name: string; plan: Plan }): Promise<Account> {
  const account = { id: crypto.randomUUID(), ...input, created_at: new Date().toISOString() };
  await db.insertInto('accounts').values(account).execute();

  return account;
}

/** Reads one account. */
export async function getAccount(db: Db, accountId: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
}

/** Changes an account's name and plan (a plain setting for now: no billing behind it). */
export async function updateAccount(
  db: Db,
  accountId: string,
  input: { name: string; plan: Plan },
): Promise<void> {
  await db.updateTable('accounts').set(input).where('id', '=', accountId).execute();
}

/** Thrown when a user is added with an email another user already signs in with. */
export class EmailTakenError extends Error {
  constructor() {
    super('A user with this email already exists');
    this.name = 'EmailTakenError';
  }
}

/**
 * Adds a user to an account, hashing the password; emails are unique across all accounts.
 * Throws WeakPasswordError for a password `newPasswordProblem` refuses.
 */
export async function createUser(
  db: Db,
  input: { accountId: string; email: string; name: string; role: Role; password: string },
): Promise<User> {
  const weak = newPasswordProblem(input.password);
  if (weak) throw new WeakPasswordError(weak);
  const email = normaliseEmail(input.email);
  if (await findUserByEmail(db, email)) throw new EmailTakenError();
  const user = {
    id: crypto.randomUUID(),
    account_id: input.accountId,
    email,
    name: input.name,
    role: input.role,
    created_at: new Date().toISOString(),
  };
  const password_hash = await hashPassword(input.password);
  try {
    await db
      .insertInto('users')
      .values({ ...user, password_hash })
      .execute();
  } catch (error) {
    // Another request added the same email between the check above and this insert.
    if (isUniqueViolation(error)) throw new EmailTakenError();
    throw error;
  }

  return user;
}

/** Whether an error is SQLite's or PostgreSQL's unique-constraint failure. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;

  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Looks a user up by sign-in email, with the password hash, across all accounts. */
export async function findUserByEmail(
  db: Db,
  email: string,
): Promise<Selectable<AtsTables['users']> | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
}

/** Reads one user of an account. */
export async function getUser(
  db: Db,
  accountId: string,
  userId: string,
): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('account_id', '=', accountId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** Lists an account's users by name. */
export async function listUsers(db: Db, accountId: string): Promise<User[]> {
  return db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('account_id', '=', accountId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Sign-in emails compare case-insensitively; surrounding spaces are a typing accident. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
