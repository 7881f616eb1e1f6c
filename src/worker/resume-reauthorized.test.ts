import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { seedDemoIfEmpty } from '../demo/seed.js';
import { insertConnection, markDisconnected } from '../gusto-connection/connection-repository.js';
import { reauthParkReason } from '../gusto-connection/errors.js';
import { claim } from '../outbox/claim.js';
import { enqueue } from '../outbox/enqueue.js';
import { park } from '../outbox/park.js';
import { resumeReauthorizedHandoffs } from './resume-reauthorized.js';

describe.each(testDialects)('resuming hand-offs parked for reauthorization, on %s', (dialect) => {
  let storage: TestStorage;
  let account_id: string;

  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    await seedDemoIfEmpty(storage.db);
    const account = await storage.db
      .selectFrom('accounts')
      .select('id')
      .where('name', '=', 'Acme Robotics')
      .executeTakeFirstOrThrow();
    account_id = account.id;
  });
  afterAll(async () => {
    await storage.close();
  });

  async function parkedTask(key: string): Promise<string> {
    const { task } = await enqueue(storage.db, {
      kind: 'gusto.handoff',
      payload: {},
      dedup_key: key,
    });
    const [claimed] = await claim(storage, { worker_id: 'w', lock_ms: 60_000, limit: 10 });
    if (!claimed) throw new Error('nothing claimed');
    await park(storage.db, claimed, reauthParkReason(account_id));

    return task.id;
  }

  const statusOf = async (id: string) =>
    (
      await storage.db
        .selectFrom('outbox_tasks')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;

  it('leaves a hire parked while its connection is not active, and resumes it once it is', async () => {
    // A hire parked just after Reauthorize had already unparked its account's hires: the race
    // that would otherwise leave it waiting forever.
    const id = await parkedTask('handoff:race');
    expect(await resumeReauthorizedHandoffs(storage.db)).toBe(0);
    expect(await statusOf(id)).toBe('parked');

    const user = await storage.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const connection = await insertConnection(storage.db, {
      account_id,
      company_uuid: 'c0ffee00-0000-4000-8000-000000000001',
      company_name: 'Acme Robotics Inc.',
      tokens: {
        access_token: 'sealed',
        refresh_token: 'sealed',
        access_token_expires_at: new Date().toISOString(),
        scope: 'public',
      },
      connected_by: user.id,
      verified_at: new Date().toISOString(),
    });
    expect(await resumeReauthorizedHandoffs(storage.db)).toBe(1);
    expect(await statusOf(id)).toBe('queued');

    await markDisconnected(storage.db, { account_id, id: connection.id }, user.id, 'now');
  });
});
