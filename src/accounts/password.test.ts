import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  newPasswordProblem,
  UNUSABLE_PASSWORD_HASH,
  verifyPassword,
} from './password.js';

describe('scrypt passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('hirebridge-demo');
    const b = await hashPassword('hirebridge-demo');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('hirebridge-demo', a)).toBe(true);
    expect(await verifyPassword('hirebridge-demo ', a)).toBe(false);
    expect(await verifyPassword('Zoë’s pässwörd', await hashPassword('Zoë’s pässwörd'))).toBe(true);
  });

  it('never matches a malformed or unusable hash', async () => {
    expect(await verifyPassword('', UNUSABLE_PASSWORD_HASH)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1$1$1$$')).toBe(false);
  });

  it('refuses new passwords of only whitespace, too short or too long', () => {
    // Twelve spaces passed a length-only rule and then signed in.
    for (const blank of [' '.repeat(12), '\t'.repeat(20), ' \n'.repeat(10)]) {
      expect(newPasswordProblem(blank)).toMatch(/not only spaces/);
    }
    expect(newPasswordProblem('short')).toMatch(/at least 12/);
    expect(newPasswordProblem('x'.repeat(201))).toMatch(/200 characters or fewer/);
    expect(newPasswordProblem('  correct horse  ')).toBeUndefined();
  });
});
