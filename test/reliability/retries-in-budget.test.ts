import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gustoBudgetKey } from '../../src/gusto-connection/budget-key.js';
import { sandboxRequests } from '../../src/gusto-connection/connection-test-kit.js';
import {
  addHiredCandidate,
  addToGusto,
  drain,
  type HandoffKit,
  injectFault,
  reload,
  startHandoffKit,
} from '../../src/handoff/handoff-test-kit.js';
import { employeeValues } from '../../src/handoff/test-forms.js';
import { testDialects } from '../databases.js';
import { startReliabilityKit } from './reliability-kit.js';

/**
 * The hand-off worker takes one place in the rate budget per client call, but the client
 * retries a safe call (a GET, a versioned PUT) up to twice on a 5xx, a timeout or a dropped
 * connection. Each retry reaches Gusto and is counted there, never in the budget, so the budget
 * believes there is room that Gusto has already used.
 */
describe.each(testDialects)('Gusto calls of a hand-off against its rate budget (%s)', (dialect) => {
  let kit: HandoffKit;

  beforeAll(async () => {
    kit = await startHandoffKit(dialect);
  });
  afterAll(async () => {
    await kit.close();
  });

  async function apiRequests(): Promise<number> {
    const log = await sandboxRequests(kit);
    return log.filter((r) => r.path.startsWith('/v1/')).length;
  }

  async function budgetHits(): Promise<number> {
    const rows = await kit.storage.db
      .selectFrom('rate_budget_hits')
      .select('id')
      .where('key', '=', gustoBudgetKey(kit.owner.account_id))
      .execute();
    return rows.length;
  }

  it('counts every request that reaches Gusto, retries of a safe call included', async () => {
    kit.handoffDeps.budget = { limit: 150, window_ms: 60_000 };
    const candidate = await addHiredCandidate(kit, 'Retry', 'Counted');
    const started = await addToGusto(
      kit,
      candidate,
      employeeValues({
        first_name: 'Retry',
        last_name: 'Counted',
        email: 'retry.counted@example.test',
        location_uuid: kit.location_uuid,
        department_uuid: kit.department_uuid,
      }),
    );
    const requestsBefore = await apiRequests();
    const hitsBefore = await budgetHits();

    // Gusto fails the department list once; the client retries it within the same call.
    await injectFault(kit, {
      method: 'GET',
      path: '/v1/companies/*/departments',
      status: 502,
      when: 'before',
    });
    await drain(kit);

    expect((await reload(kit, started.handoff)).status).toBe('added');
    const reachedGusto = (await apiRequests()) - requestsBefore;
    const counted = (await budgetHits()) - hitsBefore;
    expect(counted).toBe(reachedGusto);
  });
});

describe.each(testDialects)("a budget equal to Gusto's limit (%s)", (dialect) => {
  it('meets no 429 when a safe call is retried after a dropped connection', async () => {
    // Six calls make one employee with a department: create, work address, job, pay, list, add.
    const limit = 6;
    const kit = await startReliabilityKit(dialect, {
      sandbox: { rateLimit: { limit, window_ms: 60_000 } },
    });
    try {
      // Start both windows afresh, past the calls made while connecting.
      await fetch(new URL('/__sandbox/clock', kit.listening.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advance_seconds: 61 }),
      });
      kit.handoffDeps.budget = { limit, window_ms: 60_000, now: new Date(Date.now() + 61_000) };
      const candidate = await addHiredCandidate(kit, 'Window', 'Shared');
      const started = await addToGusto(
        kit,
        candidate,
        employeeValues({
          first_name: 'Window',
          last_name: 'Shared',
          email: 'window.shared@example.test',
          location_uuid: kit.location_uuid,
          department_uuid: kit.department_uuid,
        }),
      );
      await injectFault(kit, {
        method: 'GET',
        path: '/v1/companies/*/departments',
        status: 500,
        when: 'drop',
      });
      await drain(kit, 1);

      // The lost list spent the window's last place: the add waits for the next window, queued.
      const limited = (await sandboxRequests(kit)).filter((r) => r.status === 429);
      expect(limited).toEqual([]);
      expect((await reload(kit, started.handoff)).status).toBe('queued');
    } finally {
      await kit.close();
    }
  });
});
