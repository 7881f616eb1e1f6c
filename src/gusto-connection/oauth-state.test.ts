import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { seedDemoIfEmpty } from '../demo/seed.js';
import { createOAuthState } from './oauth-state.js';

describe.each(testDialects)('OAuth states on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    await seedDemoIfEmpty(storage.db);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('clears states of authorizations abandoned over a day ago when a new one starts', async () => {
    // Every Activate or Reauthorize that never came back used to leave its row forever.
    const user = await storage.db
      .selectFrom('users')
      .select(['id', 'account_id'])
      .executeTakeFirstOrThrow();
    const owner = {
      account_id: user.account_id,
      user_id: user.id,
      session_id: 'session',
      purpose: 'connect' as const,
      flow_id: 'flow',
    };
    const count = async () =>
      Number(
        (
          await storage.db
            .selectFrom('gusto_oauth_states')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    await createOAuthState(storage.db, owner, new Date('2026-01-01T00:00:00Z'));
    await createOAuthState(storage.db, owner, new Date('2026-01-01T12:00:00Z'));
    expect(await count()).toBe(2);

    await createOAuthState(storage.db, owner, new Date('2026-01-03T00:00:00Z'));
    expect(await count()).toBe(1);
  });
});
