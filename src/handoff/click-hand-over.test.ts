import { type KyselyPlugin, SelectQueryNode } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import { getLiveConnection } from '../gusto-connection/connection-repository.js';
import { databaseOf, offerSlots } from '../outbox/hand-over.js';
import type { ClaimedTask } from '../outbox/task.js';
import { HANDOFF_TASK_KIND, HandedOverHandoff } from './handoff-store.js';
import { clickForEmployee, type HandoffKit, startHandoffKit } from './handoff-test-kit.js';

/** What a click handed to a worker place of this process. */
interface Given {
  task: ClaimedTask;
  handedOver: unknown;
}

// The run a click hands its hand-off to starts from what the click read, so that read must be
// the stored connection exactly (on PostgreSQL the click's own statement reads it, as JSON).
describe.each(testDialects)('what a click hands to a worker place (%s)', (dialect) => {
  let kit: HandoffKit;
  let given: Given[] = [];
  let stopOffering = () => {};

  beforeAll(async () => {
    kit = await startHandoffKit(dialect);
  });
  afterEach(() => {
    stopOffering();
    given = [];
  });
  afterAll(async () => {
    await kit.close();
  });

  /** One worker place for every click, which records what it was given instead of running. */
  function offerRecordingPlaces() {
    stopOffering = offerSlots({
      kinds: [HANDOFF_TASK_KIND],
      database: databaseOf(kit.storage.db),
      reserve: () => ({
        claim: { worker_id: 'recording-place', lock_ms: 60_000 },
        run: (task, handedOver) => given.push({ task, handedOver }),
        release: () => {},
      }),
    });
  }

  async function handedOverOf(first_name: string) {
    const { handoff } = await clickForEmployee(kit, first_name, 'Given');
    const [first] = given;
    expect(given).toHaveLength(1);
    if (!(first?.handedOver instanceof HandedOverHandoff)) throw new Error('nothing handed over');
    expect(first.handedOver.handoff).toEqual(handoff);

    return first.handedOver;
  }

  it('hands over the account connection exactly as stored', async () => {
    offerRecordingPlaces();
    const handedOver = await handedOverOf('Greta');

    const stored = await getLiveConnection(kit.storage.db, kit.owner.account_id);
    expect(stored).toBeDefined();
    expect(await handedOver.connection).toStrictEqual({ row: stored });
  });

  // PostgreSQL: after a lost answer the click looks for what its statement stored, the
  // connection included; a read of it that fails is the run's to report, not the click's.
  it.runIf(dialect === 'postgres').each([
    ['read again', false],
    ['whose read fails', true],
  ])('hands over the connection %s after the answer was lost', async (_case, readFails) => {
    offerRecordingPlaces();
    let lost = false;
    const losing: KyselyPlugin = {
      transformQuery({ node }) {
        const reading = SelectQueryNode.is(node) && JSON.stringify(node).includes('gusto_conn');
        if (lost && readFails && reading) throw new Error('the connection read failed');
        return node;
      },
      async transformResult({ result }) {
        if (!lost && result.rows[0] && 'task_claimed' in result.rows[0]) {
          lost = true;
          throw new Error('the answer was lost');
        }
        return result;
      },
    };
    const db = kit.storage.db.withPlugin(losing);
    const { handoff } = await clickForEmployee(kit, 'Lorna', 'Lost', 'lorna@example.test', db);

    expect(lost).toBe(true);
    const [first] = given;
    if (!(first?.handedOver instanceof HandedOverHandoff)) throw new Error('nothing handed over');
    expect(first.handedOver.handoff.id).toBe(handoff.id);
    const read = await first.handedOver.connection;
    if (readFails) expect(read).toEqual({ error: new Error('the connection read failed') });
    else expect(read).toStrictEqual({ row: await getLiveConnection(db, kit.owner.account_id) });
  });

  it('hands over no connection when the account has none live', async () => {
    offerRecordingPlaces();
    await kit.storage.db
      .updateTable('gusto_connections')
      .set({ live_account_id: null })
      .where('id', '=', kit.connection.id)
      .execute();
    try {
      const handedOver = await handedOverOf('Hugo');
      expect(await handedOver.connection).toStrictEqual({ row: undefined });
    } finally {
      await kit.storage.db
        .updateTable('gusto_connections')
        .set({ live_account_id: kit.owner.account_id })
        .where('id', '=', kit.connection.id)
        .execute();
    }
  });
});
