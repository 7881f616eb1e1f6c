import type { KyselyPlugin, OperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import {
  addHiredCandidate,
  addToGusto,
  type HandoffKit,
  reload,
  startHandoffKit,
} from '../handoff/handoff-test-kit.js';
import { employeeValues } from '../handoff/test-forms.js';
import { startHandoffWorker } from './start-handoff-worker.js';

/** Records the tables each statement selects from. */
function selectedTables() {
  const tables: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      if (node.kind === 'SelectQueryNode') tables.push(...tablesIn(node));
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };

  return { tables, plugin };
}

function tablesIn(node: OperationNode): string[] {
  return JSON.stringify(node).match(/"TableNode","table":\{[^}]*"name":"(\w+)"/g) ?? [];
}

describe.each(testDialects)('the hand-off worker loop (%s)', (dialect) => {
  let kit: HandoffKit;

  beforeAll(async () => {
    kit = await startHandoffKit(dialect);
  });
  afterAll(async () => {
    await kit.close();
  });

  it('claims a queued hand-off and brings it to added, then stops cleanly', async () => {
    const candidate = await addHiredCandidate(kit, 'Wanda', 'Worker');
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeValues({
        first_name: 'Wanda',
        last_name: 'Worker',
        email: 'wanda@example.test',
        location_uuid: kit.location_uuid,
      }),
    );
    const worker = startHandoffWorker({
      storage: kit.storage,
      settings: kit.deps.settings,
      secretBox: kit.deps.secretBox,
      logger: kit.handoffDeps.logger,
      poll_ms: 20,
    });
    try {
      await expect
        .poll(async () => (await reload(kit, handoff)).status, { timeout: 10_000, interval: 50 })
        .toBe('added');
    } finally {
      await worker.stop();
    }
  });

  it('runs a hand-off clicked in its own process at once, without claiming or reading it', async () => {
    const candidate = await addHiredCandidate(kit, 'Hana', 'Handed');
    const { tables, plugin } = selectedTables();
    const worker = startHandoffWorker({
      storage: { ...kit.storage, db: kit.storage.db.withPlugin(plugin) },
      settings: kit.deps.settings,
      secretBox: kit.deps.secretBox,
      logger: kit.handoffDeps.logger,
      poll_ms: 60_000,
    });
    try {
      const values = employeeValues({
        first_name: 'Hana',
        last_name: 'Handed',
        email: 'hana@example.test',
        location_uuid: kit.location_uuid,
      });
      const { handoff } = await addToGusto(kit, candidate, values);
      await expect
        .poll(async () => (await reload(kit, handoff)).status, { timeout: 10_000, interval: 50 })
        .toBe('added');
      const task = await kit.storage.db
        .selectFrom('outbox_tasks')
        .selectAll()
        .where('payload', 'like', `%${handoff.id}%`)
        .executeTakeFirstOrThrow();

      expect(task).toMatchObject({ status: 'succeeded', attempts: 1 });
      // The click handed over the hand-off it made and the connection it read beside it.
      expect(tables.join(' ')).not.toMatch(/handoffs|handoff_steps|gusto_connections/);
    } finally {
      await worker.stop();
    }
  });
});
