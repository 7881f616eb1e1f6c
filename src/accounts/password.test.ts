import { describe, expect, it } from 'vitest';
import { hashPassword, UNUSABLE_PASSWORD_HASH, verifyPassword } from './password.js';

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
});
