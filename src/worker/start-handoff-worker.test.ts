import { InsertQueryNode, type KyselyPlugin, type OperationNode, RawNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import { gustoBudgetKey } from '../gusto-connection/budget-key.js';
import {
  addHiredCandidate,
  addToGusto,
  clickForEmployee,
  type HandoffKit,
  reload,
  startHandoffKit,
  startOfferingWorker,
} from '../handoff/handoff-test-kit.js';
import { employeeValues } from '../handoff/test-forms.js';
import { recordRetryAfter } from '../outbox/record-retry-after.js';
import { startHandoffWorker } from './start-handoff-worker.js';

/**
 * Records the tables each statement selects from, and `grant` for each budget grant: the one
 * call on PostgreSQL, the insert of its places on SQLite.
 */
function statementsSeen() {
  const seen: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      if (node.kind === 'SelectQueryNode') seen.push(...tablesIn(node));
      if (isGrant(node)) seen.push('grant');
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };

  return { seen, plugin };
}

function tablesIn(node: OperationNode): string[] {
  return JSON.stringify(node).match(/"TableNode","table":\{[^}]*"name":"(\w+)"/g) ?? [];
}

function isGrant(node: OperationNode): boolean {
  if (RawNode.is(node)) return node.sqlFragments.join('').includes('rate_budget_acquire');

  return InsertQueryNode.is(node) && tablesIn(node).join().includes('"rate_budget_hits"');
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

  it('runs a hand-off clicked in its own process at once: no claim, no reads', async () => {
    const { seen, plugin } = statementsSeen();
    const worker = await startOfferingWorker(kit, { db: kit.storage.db.withPlugin(plugin) });
    try {
      const { handoff } = await clickForEmployee(kit, 'Hana', 'Handed');
      await expect
        .poll(async () => (await reload(kit, handoff)).status, { timeout: 10_000, interval: 50 })
        .toBe('added');
      const task = await kit.storage.db
        .selectFrom('outbox_tasks')
        .selectAll()
        .where('payload', 'like', `%${handoff.id}%`)
        .executeTakeFirstOrThrow();

      expect(task).toMatchObject({ status: 'succeeded', attempts: 1 });
      // The click handed over the hand-off it made and the connection it read beside it; the
      // run's one grant takes the places of all its calls.
      expect(seen.join(' ')).not.toMatch(/handoffs|handoff_steps|gusto_connections/);
      expect(seen.filter((s) => s === 'grant')).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });

  const taskOf = (handoff_id: string) =>
    kit.storage.db
      .selectFrom('outbox_tasks')
      .selectAll()
      .where('payload', 'like', `%${handoff_id}%`)
      .executeTakeFirstOrThrow();

  it('queues a clicked hand-off, not handing it over, while Gusto asked to wait', async () => {
    const worker = await startOfferingWorker(kit);
    const key = gustoBudgetKey(kit.owner.account_id);
    try {
      await recordRetryAfter(kit.storage, key, 30);
      const { handoff } = await clickForEmployee(kit, 'Paula', 'Paused');
      await new Promise((resolve) => setTimeout(resolve, 200));

      const task = await taskOf(handoff.id);
      expect(task).toMatchObject({ status: 'queued', attempts: 0 });
      // Never run: a run would have met the pause and put the task back for 30 s.
      expect(Date.parse(task.run_at) - Date.parse(task.created_at)).toBeLessThan(1_000);
      expect((await reload(kit, handoff)).status).toBe('queued');
    } finally {
      await worker.stop();
      await kit.storage.db.deleteFrom('rate_budgets').where('key', '=', key).execute();
    }
  });

  it.runIf(dialect === 'postgres')(
    'runs a clicked hand-off whose statement committed though its answer was lost',
    async () => {
      const worker = await startOfferingWorker(kit);
      let lost = false;
      const clicks = new Set<unknown>();
      // The click's statement (written as SQL, inserting the hand-off first) commits, then its
      // answer fails to arrive.
      const losesAnswer: KyselyPlugin = {
        transformQuery({ node, queryId }) {
          if (RawNode.is(node) && /^\s*with handoff as/.test(node.sqlFragments[0] ?? '')) {
            clicks.add(queryId);
          }
          return node;
        },
        async transformResult({ result, queryId }) {
          if (lost || !clicks.has(queryId)) return result;
          lost = true;
          throw new Error('Connection terminated unexpectedly');
        },
      };
      try {
        const started = await clickForEmployee(
          kit,
          'Lena',
          'Lost',
          'lena@example.test',
          kit.storage.db.withPlugin(losesAnswer),
        );

        expect(lost).toBe(true);
        expect(started.created).toBe(true);
        await expect
          .poll(async () => (await reload(kit, started.handoff)).status, { timeout: 10_000 })
          .toBe('added');
        expect(await taskOf(started.handoff.id)).toMatchObject({ attempts: 1 });
      } finally {
        await worker.stop();
      }
    },
  );
});
