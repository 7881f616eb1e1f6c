import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters for new hashes; stored in each hash so they can be raised later. */
const COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;

/** Fewest characters a new password may have. */
export const MIN_PASSWORD_LENGTH = 12;

/** Most characters a password may have; longer ones are refused before hashing. */
export const MAX_PASSWORD_LENGTH = 200;

/** The rule for new passwords, as shown beside the field. */
export const PASSWORD_RULE =
  `At least ${MIN_PASSWORD_LENGTH} characters, not only spaces; ` +
  `at most ${MAX_PASSWORD_LENGTH}.`;

/** Why a new password is refused, or undefined when it may be used. */
export function newPasswordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Enter a password of at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `Shorten the password to ${MAX_PASSWORD_LENGTH} characters or fewer`;
  }
  // Spaces alone (or tabs, or line breaks) are as guessable as an empty password.
  if (!/\S/.test(password))
    return 'Enter a password with letters, digits or symbols, not only spaces';

  return undefined;
}

/** Thrown when a new password breaks the rule of `newPasswordProblem`. */
export class WeakPasswordError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WeakPasswordError';
  }
}

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password with scrypt and a random salt as `scrypt$N$r$p$salt$key`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, COST);

  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')]
    .map(String)
    .join('$');
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 };
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), options);

  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A valid hash of no known password, checked when the email is unknown to even out timing. */
export const UNUSABLE_PASSWORD_HASH = `scrypt$16384$8$1$${'A'.repeat(22)}$${'A'.repeat(86)}`;
