import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { createAccount, createUser, EmailTakenError, listUsers } from './accounts.js';
import { WeakPasswordError } from './password.js';

describe.each(testDialects)('users on %s', (dialect) => {
  let storage: TestStorage;
  let accountId: string;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    accountId = (await createAccount(storage.db, { name: 'Users Co', plan: 'free' })).id;
  });
  afterAll(async () => {
    await storage.close();
  });

  const user = (email: string, password = 'long enough password') => ({
    accountId,
    email,
    name: 'Same Person',
    role: 'recruiter' as const,
    password,
  });

  it('refuses the same email added twice at once as taken, not as a failure', async () => {
    // Both requests passed the "is this email taken" check, and the second insert answered 500.
    const email = `twice-${crypto.randomUUID()}@example.test`;
    const results = await Promise.allSettled([
      createUser(storage.db, user(email)),
      createUser(storage.db, user(email.toUpperCase())),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(EmailTakenError);
  });

  it('stores no user with a password of only spaces', async () => {
    const email = `blank-${crypto.randomUUID()}@example.test`;
    await expect(createUser(storage.db, user(email, ' '.repeat(12)))).rejects.toBeInstanceOf(
      WeakPasswordError,
    );
    const users = await listUsers(storage.db, accountId);
    expect(users.map((u) => u.email)).not.toContain(email);
  });
});
