import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import { gustoBudgetKey } from '../gusto-connection/budget-key.js';
import { listSteps } from './handoff-store.js';
import {
  clickForEmployee,
  countRequests,
  drain,
  EMPLOYEE_CREATE,
  type HandoffKit,
  injectFault,
  reload,
  startHandoffKit,
  startOfferingWorker,
  stopsWhenClicked,
} from './handoff-test-kit.js';

describe.each(testDialects)('a handed-over hire at the edges of its run (%s)', (dialect) => {
  let kit: HandoffKit;

  beforeAll(async () => {
    kit = await startHandoffKit(dialect);
  });
  afterAll(async () => {
    await kit.close();
  });

  const key = () => gustoBudgetKey(kit.owner.account_id);
  const places = async () =>
    (
      await kit.storage.db
        .selectFrom('rate_budget_hits')
        .select('id')
        .where('key', '=', key())
        .execute()
    ).length;

  /** "Add to Gusto" for an employee whose email is made of both names. */
  const clickFor = (first_name: string, last_name: string, db = kit.storage.db) =>
    clickForEmployee(
      kit,
      first_name,
      last_name,
      `${first_name.toLowerCase()}.${last_name.toLowerCase()}@example.test`,
      db,
    );

  // A hire handed over while the worker stops is queued again, not started: once the worker has
  // stopped (and the process may close its database, as `closeAll` does next), no budget place
  // may be counted for it, and the next worker finishes it with one create.
  it('holds no places for a hire given back at shutdown; the next worker adds it', async () => {
    const worker = await startOfferingWorker(kit, { concurrency: 1 });
    const before = await places();
    const stop = stopsWhenClicked(worker);
    const { handoff } = await clickFor(
      'Stella',
      'Stopping',
      kit.storage.db.withPlugin(stop.plugin),
    );
    expect(stop.stopping()).not.toBeNull();
    await stop.stopping();

    const atStop = await places();
    await expect.poll(() => places()).toBe(before);
    expect(atStop).toBe(before);
    const task = await kit.storage.db
      .selectFrom('outbox_tasks')
      .selectAll()
      .where('payload', 'like', `%${handoff.id}%`)
      .executeTakeFirstOrThrow();
    expect(task.status).toBe('queued');
    // Given back, and finished by the next worker, with one create.
    const creates = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    await drain(kit);
    expect((await reload(kit, handoff)).status).toBe('added');
    expect(await countRequests(kit, 'POST', EMPLOYEE_CREATE)).toBe(creates + 1);
  });

  // A 401 on the create: the run refreshes the token and goes again. Gusto refused the create,
  // so the second run must neither look the person up as after an unknown outcome nor create
  // twice.
  it('creates once after a refreshed token, with no lookup', async () => {
    const worker = await startOfferingWorker(kit, { concurrency: 1 });
    const creates = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    const path = `/v1/companies/${kit.connection.company_uuid}/employees`;
    await injectFault(kit, { method: 'POST', path, status: 401, when: 'before' });
    try {
      const { handoff } = await clickFor('Rita', 'Refreshed');
      await expect
        .poll(async () => (await reload(kit, handoff)).status, { timeout: 10_000 })
        .toBe('added');
      const steps = await listSteps(kit.storage.db, handoff.id);
      expect(steps.map((s) => s.step)).not.toContain('reconcile');
    } finally {
      await worker.stop();
    }
    expect(await countRequests(kit, 'POST', EMPLOYEE_CREATE)).toBe(creates + 2);
  });

  // A budget with no place left but not yet marked full: the click still hands the hire over,
  // and the run's grant is refused. No place may stay counted, and no `sent` mark of a create
  // that never left may remain.
  it('leaves neither places nor a sent mark when the run finds the budget spent', async () => {
    const at = new Date().toISOString();
    const filled = [crypto.randomUUID(), crypto.randomUUID()];
    await kit.storage.db
      .insertInto('rate_budget_hits')
      .values(filled.map((id) => ({ id, key: key(), at })))
      .execute();
    const before = await places();
    const worker = await startOfferingWorker(kit, {
      concurrency: 1,
      budget: { limit: before, window_ms: 60_000 },
    });
    try {
      const { handoff } = await clickFor('Fran', 'Full');
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const steps = await listSteps(kit.storage.db, handoff.id);
      expect(steps.filter((s) => s.status === 'sent')).toEqual([]);
      expect(await places()).toBe(before);
      expect((await reload(kit, handoff)).status).toBe('queued');
    } finally {
      await worker.stop();
      await kit.storage.db.deleteFrom('rate_budget_hits').where('id', 'in', filled).execute();
      await kit.storage.db.deleteFrom('rate_budgets').where('key', '=', key()).execute();
    }
  });
});
