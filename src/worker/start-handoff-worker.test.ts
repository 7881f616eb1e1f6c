import { InsertQueryNode, type KyselyPlugin, type OperationNode, RawNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import { gustoBudgetKey } from '../gusto-connection/budget-key.js';
import { HANDOFF_TASK_KIND, startHandoff } from '../handoff/handoff-store.js';
import {
  addHiredCandidate,
  addToGusto,
  type HandoffKit,
  reload,
  startHandoffKit,
} from '../handoff/handoff-test-kit.js';
import { employeeValues } from '../handoff/test-forms.js';
import { validateForm } from '../handoff/validate-form.js';
import { reserveWorkerSlot } from '../outbox/hand-over.js';
import { recordRetryAfter } from '../outbox/record-retry-after.js';
import { startHandoffWorker } from './start-handoff-worker.js';

/**
 * Records the tables each statement selects from, and `grant` for each budget grant: the one
 * call on PostgreSQL, the insert of its places on SQLite.
 */
function statementsSeen() {
  const seen: string[] = [];
  const grants = new Set<unknown>();
  const answered = { grants: 0 };
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      if (node.kind === 'SelectQueryNode') seen.push(...tablesIn(node));
      if (isGrant(node)) {
        seen.push('grant');
        grants.add(queryId);
      }
      return node;
    },
    async transformResult({ result, queryId }) {
      if (grants.has(queryId)) answered.grants += 1;
      return result;
    },
  };

  return { seen, answered, plugin };
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

  it('runs a hand-off clicked in its own process at once, with no claim, reads or grant', async () => {
    const { seen, plugin } = statementsSeen();
    const worker = await startOfferingWorker(kit.storage.db.withPlugin(plugin));
    try {
      const { handoff } = await clickFor('Hana', 'Handed');
      await expect
        .poll(async () => (await reload(kit, handoff)).status, { timeout: 10_000, interval: 50 })
        .toBe('added');
      const task = await kit.storage.db
        .selectFrom('outbox_tasks')
        .selectAll()
        .where('payload', 'like', `%${handoff.id}%`)
        .executeTakeFirstOrThrow();

      expect(task).toMatchObject({ status: 'succeeded', attempts: 1 });
      // The click handed over the hand-off it made; the connection and the budget's places were
      // taken once, beside the click, by the worker's head start.
      expect(seen.join(' ')).not.toMatch(/handoffs|handoff_steps/);
      expect(seen.filter((s) => s.includes('gusto_connections'))).toHaveLength(1);
      expect(seen.filter((s) => s === 'grant')).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });

  /** "Add to Gusto" for a new Hired candidate, an employee at the kit's location. */
  async function clickFor(first_name: string, last_name: string) {
    const candidate = await addHiredCandidate(kit, first_name, last_name);
    const email = `${first_name.toLowerCase()}@example.test`;
    const values = employeeValues({
      first_name,
      last_name,
      email,
      location_uuid: kit.location_uuid,
    });

    return addToGusto(kit, candidate, values);
  }

  /** A worker whose first claim is in, so it offers its places; it polls once a minute. */
  async function startOfferingWorker(db = kit.storage.db) {
    const worker = startHandoffWorker({
      storage: { ...kit.storage, db },
      settings: kit.deps.settings,
      secretBox: kit.deps.secretBox,
      logger: kit.handoffDeps.logger,
      poll_ms: 60_000,
    });
    await expect.poll(() => offersPlace()).toBe(true);

    return worker;
  }

  const taskOf = (handoff_id: string) =>
    kit.storage.db
      .selectFrom('outbox_tasks')
      .selectAll()
      .where('payload', 'like', `%${handoff_id}%`)
      .executeTakeFirstOrThrow();

  function offersPlace(): boolean {
    const probe = reserveWorkerSlot(HANDOFF_TASK_KIND, kit.storage.db);
    probe?.release();
    return probe !== null;
  }

  it('gives back the places its head start took when the click made no new hand-off', async () => {
    const key = gustoBudgetKey(kit.owner.account_id);
    const places = () =>
      kit.storage.db.selectFrom('rate_budget_hits').select('id').where('key', '=', key).execute();
    const candidate = await addHiredCandidate(kit, 'Dora', 'Double');
    const values = employeeValues({
      first_name: 'Dora',
      last_name: 'Double',
      email: 'dora@example.test',
      location_uuid: kit.location_uuid,
    });
    // Queued with no worker offering a place, and not due, so the worker leaves it alone and the
    // hand-off is still live when the second click comes.
    const first = await addToGusto(kit, candidate, values);
    await kit.storage.db
      .updateTable('outbox_tasks')
      .set({ run_at: new Date(Date.now() + 3_600_000).toISOString() })
      .where('payload', 'like', `%${first.handoff.id}%`)
      .execute();
    const before = await places();
    const { answered, plugin } = statementsSeen();
    const worker = await startOfferingWorker(kit.storage.db.withPlugin(plugin));
    try {
      const second = await addToGusto(kit, candidate, values);

      expect(second).toMatchObject({ created: false, handoff: { id: first.handoff.id } });
      // Taken beside the click, then given back once the click found the hire already made.
      await expect.poll(() => answered.grants).toBe(1);
      await expect.poll(async () => (await places()).length).toBe(before.length);
    } finally {
      await worker.stop();
    }
  });

  it('queues a clicked hand-off, not handing it over, while Gusto asked to wait', async () => {
    const worker = await startOfferingWorker();
    const key = gustoBudgetKey(kit.owner.account_id);
    try {
      await recordRetryAfter(kit.storage, key, 30);
      const { handoff } = await clickFor('Paula', 'Paused');
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
      const worker = await startOfferingWorker();
      let lost = false;
      const clicks = new Set<unknown>();
      // The click's statement (the one with common table expressions) commits, then its answer
      // fails to arrive.
      const losesAnswer: KyselyPlugin = {
        transformQuery({ node, queryId }) {
          if (node.kind === 'SelectQueryNode' && node.with) clicks.add(queryId);
          return node;
        },
        async transformResult({ result, queryId }) {
          if (lost || !clicks.has(queryId)) return result;
          lost = true;
          throw new Error('Connection terminated unexpectedly');
        },
      };
      try {
        const candidate = await addHiredCandidate(kit, 'Lena', 'Lost');
        const check = validateForm(
          employeeValues({
            first_name: 'Lena',
            last_name: 'Lost',
            email: 'lena@example.test',
            location_uuid: kit.location_uuid,
          }),
        );
        if (!check.ok) throw new Error('invalid test form');
        const started = await startHandoff(kit.storage.db.withPlugin(losesAnswer), {
          account_id: kit.owner.account_id,
          candidate_id: candidate,
          company_uuid: kit.connection.company_uuid,
          form: check.form,
          created_by: kit.owner.user_id,
        });

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
