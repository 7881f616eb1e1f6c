import { setTimeout as delay } from 'node:timers/promises';
import { InsertQueryNode, type KyselyPlugin, type OperationNode, RawNode, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import type { GustoContext } from '../gusto-client/call-gusto.js';
import { getEmployee } from '../gusto-client/employees.js';
import { DEFAULT_RETRY_POLICY } from '../gusto-client/retry.js';
import { connectionReset, jsonResponse, scriptedFetch } from '../gusto-client/test-fetch.js';
import { createLogger } from '../logging/logger.js';
import type { WriteBeside } from '../outbox/acquire.js';
import type { BudgetOptions } from '../outbox/rate-budget.js';
import { BudgetedRun, BudgetSpentError } from './gusto-budget.js';

describe.each(testDialects)('a run of Gusto calls within the budget (%s)', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  function runOf(key: string, budget: BudgetOptions, expected: number, on = storage): BudgetedRun {
    const logger = createLogger({ level: 'silent' });
    const signal = new AbortController().signal;

    return new BudgetedRun({ storage: on, key, budget, signal, logger }, expected);
  }

  async function hits(key: string): Promise<string[]> {
    const rows = await storage.db
      .selectFrom('rate_budget_hits')
      .select('at')
      .where('key', '=', key)
      .orderBy('at')
      .execute();

    return rows.map((r) => r.at);
  }

  async function ids(key: string): Promise<string[]> {
    const rows = await storage.db
      .selectFrom('rate_budget_hits')
      .select('id')
      .where('key', '=', key)
      .execute();

    return rows.map((r) => r.id);
  }

  /** A call that leaves as the client sends it and answers after `ms`, noting when. */
  function answering(run: BudgetedRun, ms: number, answers: number[]) {
    return async () => {
      await run.beforeSend();
      await delay(ms);
      answers.push(Date.now());
    };
  }

  it("takes its expected calls' places at once and records each answer at the end", async () => {
    const run = runOf('together', { limit: 10, window_ms: 60_000 }, 3);
    const answers: number[] = [];

    await run.call(answering(run, 5, answers));
    expect(await hits('together')).toHaveLength(3);
    const granted = Date.parse((await hits('together'))[0] ?? '');
    await run.call(answering(run, 5, answers));
    await run.call(answering(run, 5, answers));
    // Until the run ends, its places are counted from their grant.
    expect(new Set(await hits('together'))).toEqual(new Set([new Date(granted).toISOString()]));

    await run.close();
    const stored = (await hits('together')).map((at) => Date.parse(at));
    expect(stored).toHaveLength(3);
    stored.forEach((at, n) => {
      // Stamped when the call's promise settled: at or just after the answer noted inside it.
      expect(at).toBeGreaterThanOrEqual(answers[n] ?? Number.NaN);
      expect(at).toBeLessThan((answers[n] ?? 0) + 50);
    });
  });

  it('takes its places ahead when asked to reserve, and its calls use them', async () => {
    const run = runOf('reserved', { limit: 10, window_ms: 60_000 }, 2);
    await run.reserve();
    const reserved = await hits('reserved');
    expect(reserved).toHaveLength(2);

    await run.call(answering(run, 0, []));
    await run.call(answering(run, 0, []));
    expect(await hits('reserved')).toEqual(reserved);
    await run.close();
  });

  describe('a write stored with the grant', () => {
    beforeAll(async () => {
      await sql`create table beside_marks (id text primary key, note text not null)`.execute(
        storage.db,
      );
    });

    /** A mark of `id` as `reserve` takes it. */
    function mark(id: string, note = 'sent') {
      const write: WriteBeside = sql`insert into beside_marks (id, note) values (${id}, ${note})`;
      return write;
    }

    async function marks(): Promise<Record<string, string>> {
      const rows = await sql<{ id: string; note: string }>`select id, note from beside_marks`
        .execute(storage.db)
        .then((r) => r.rows);

      return Object.fromEntries(rows.map((r) => [r.id, r.note]));
    }

    it('stores the write with the grant, in one statement on PostgreSQL', async () => {
      const statements: string[] = [];
      const watched = { ...storage, db: storage.db.withPlugin(watching(statements)) };
      const run = runOf('beside', { limit: 10, window_ms: 60_000 }, 2, watched);

      await run.reserve(mark('first'));
      expect(await marks()).toMatchObject({ first: 'sent' });
      expect(await hits('beside')).toHaveLength(2);
      // SQLite: the grant's transaction (the key's lock, the log's read, the insert) holds it.
      if (dialect === 'postgres') expect(statements).toEqual(['grant with write']);
      await run.close();
    });

    it('stores the write alone when the run holds fresh places', async () => {
      const run = runOf('beside-held', { limit: 10, window_ms: 60_000 }, 3);
      await run.call(answering(run, 0, []));
      await run.reserve(mark('held'));

      expect(await marks()).toMatchObject({ held: 'sent' });
      expect(await hits('beside-held')).toHaveLength(3);
      await run.close();
    });

    it('stores the write once when the grant is refused and the run waits', async () => {
      const budget = { limit: 1, window_ms: 300 };
      const full = runOf('beside-full', budget, 1);
      await full.call(answering(full, 0, []));
      await full.close();

      // Written twice, the mark would break the table's key and the reserve would fail.
      const run = runOf('beside-full', budget, 1);
      await run.reserve(mark('waited'));
      expect(await marks()).toMatchObject({ waited: 'sent' });
      expect(await hits('beside-full')).toHaveLength(2);
      await run.close();
    });

    it('stores neither the write nor places when the write fails', async () => {
      const first = runOf('beside-failing', { limit: 10, window_ms: 60_000 }, 2);
      await first.reserve(mark('twice'));
      await first.close();
      const before = await hits('beside-failing');

      // The same id again breaks the table's key.
      const run = runOf('beside-failing', { limit: 10, window_ms: 60_000 }, 2);
      await expect(run.reserve(mark('twice', 'again'))).rejects.toThrow();
      await run.close();
      expect(await hits('beside-failing')).toEqual(before);
      expect(await marks()).toMatchObject({ twice: 'sent' });
    });

    // The request is built while the grant is out; one that left before it could be made twice
    // (no "sent" mark) or take a place of its own (a second grant).
    it('lets a request built meanwhile leave only once the write and places are in', async () => {
      const run = runOf('beside-meanwhile', { limit: 10, window_ms: 60_000 }, 2);
      const reserving = run.reserve(mark('meanwhile'));
      const seen: unknown[] = [];
      await run.call(async () => {
        await run.beforeSend();
        seen.push((await marks()).meanwhile, (await hits('beside-meanwhile')).length);
      });
      await reserving;

      expect(seen).toEqual(['sent', 2]);
      await run.close();
      expect(await hits('beside-meanwhile')).toHaveLength(1);
    });

    it("refuses a request built meanwhile with the failed write's error", async () => {
      const first = runOf('beside-refused', { limit: 10, window_ms: 60_000 }, 1);
      await first.reserve(mark('refused'));
      await first.close();

      const run = runOf('beside-refused', { limit: 10, window_ms: 60_000 }, 1);
      const reserving = run.reserve(mark('refused', 'again'));
      const [refused, failed] = await Promise.allSettled([run.beforeSend(), reserving]);
      await run.close();

      expect(refused.status).toBe('rejected');
      expect(refused).toEqual(failed);
    });
  });

  // A retry reaches Gusto like any request: one place for each attempt, no more, no fewer.
  it('takes one place for each attempt of a call the client retries', async () => {
    const run = runOf('retried', { limit: 10, window_ms: 60_000 }, 1);
    const employee = { uuid: 'e1', first_name: 'Ada', last_name: 'Lovelace' };
    const scripted = scriptedFetch(connectionReset(), jsonResponse(200, employee));
    const ctx: GustoContext = {
      baseUrl: 'http://127.0.0.1:9',
      access_token: 'test-access-token-0007',
      fetch: scripted.fetch,
      retryPolicy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, beforeRetry: run.beforeRetry },
      beforeSend: run.beforeSend,
    };
    await run.call(() => getEmployee(ctx, { employee_id: 'e1' }));
    await run.close();

    expect(scripted.requests).toHaveLength(2);
    expect(await hits('retried')).toHaveLength(2);
  });

  it('gives back the places it did not use', async () => {
    const run = runOf('unused', { limit: 10, window_ms: 60_000 }, 4);
    await run.call(answering(run, 0, []));
    expect(await hits('unused')).toHaveLength(4);

    await run.close();
    expect(await hits('unused')).toHaveLength(1);
  });

  it('asks again past its expected calls, recording its answers with that grant', async () => {
    const run = runOf('more', { limit: 10, window_ms: 60_000 }, 1);
    await run.call(answering(run, 5, []));
    const [first] = await hits('more');
    await run.call(answering(run, 0, []));

    const stored = await hits('more');
    expect(stored).toHaveLength(2);
    expect(stored).not.toContain(first);
    await run.close();
  });

  it('does not use a place granted more than a quarter window ago', async () => {
    const run = runOf('stale', { limit: 10, window_ms: 400 }, 3);
    await run.call(answering(run, 0, []));
    await delay(150);
    await run.call(answering(run, 0, []));

    // The two spare places of the first grant were given back with the second grant, whose
    // own spare place is given back at the end: one place per call.
    const before = await hits('stale');
    expect(before).toHaveLength(3);
    await run.close();
    const after = await hits('stale');
    expect(after).toHaveLength(2);
    expect(Date.parse(after[1] ?? '') - Date.parse(after[0] ?? '')).toBeGreaterThanOrEqual(140);
  });

  it('does not use a reserved place granted more than a quarter window ago', async () => {
    const run = runOf('stale-reserve', { limit: 10, window_ms: 400 }, 1);
    await run.reserve();
    const reserved = await ids('stale-reserve');
    await delay(150);
    await run.call(answering(run, 0, []));
    await run.close();

    const stored = await ids('stale-reserve');
    expect(stored).toHaveLength(1);
    expect(stored).not.toEqual(reserved);
  });

  it('gives back what a grant still in progress when the run closes takes', async () => {
    const run = runOf('closing', { limit: 10, window_ms: 60_000 }, 4);
    const reserving = run.reserve();
    await run.close();
    await reserving;

    expect(await hits('closing')).toEqual([]);
  });

  it('records its answers a quarter window after the grant, while it waits', async () => {
    const run = runOf('paused', { limit: 10, window_ms: 400 }, 2);
    const answers: number[] = [];
    await run.call(answering(run, 5, answers));
    const [granted] = await hits('paused');

    // No call and no close: the run waits on something else (another hire's department add).
    await delay(200);
    const stored = await hits('paused');
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toBe(granted);
    expect(Date.parse(stored[0] ?? '')).toBeGreaterThanOrEqual(answers[0] ?? Number.NaN);
    await run.close();
  });

  it('does not spin its settle timer while a call holds an old place', async () => {
    const run = runOf('in-flight', { limit: 10, window_ms: 400 }, 2);
    await run.call(answering(run, 0, []));
    await delay(50);
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      // Granted with the first call, used while fresh, in flight past a quarter window.
      await run.call(answering(run, 300, []));
      expect(timers.mock.calls.length).toBeLessThan(20);
    } finally {
      timers.mockRestore();
    }
    await run.close();
  });

  it('keeps its answers when a grant fails, and records them at close', async () => {
    let failNext = false;
    const failing: KyselyPlugin = {
      transformQuery({ node }) {
        // The grant fails after settling (SQLite: its insert, once the settle ran in the same
        // transaction) or as a whole (PostgreSQL: the one call that does both).
        if (failNext && (InsertQueryNode.is(node) || isGrantCall(node))) {
          failNext = false;
          throw new Error('the database went away');
        }
        return node;
      },
      async transformResult({ result }) {
        return result;
      },
    };
    const logger = createLogger({ level: 'silent' });
    const signal = new AbortController().signal;
    const flaky = { ...storage, db: storage.db.withPlugin(failing) };
    const budget = { limit: 10, window_ms: 60_000 };
    const run = new BudgetedRun({ storage: flaky, key: 'failing', budget, signal, logger }, 1);
    await run.call(answering(run, 5, []));
    const [granted] = await hits('failing');

    failNext = true;
    await expect(run.call(answering(run, 0, []))).rejects.toThrow('the database went away');
    await run.close();
    const stored = await hits('failing');
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toBe(granted);
  });

  it('takes the free places when fewer than expected are, then waits', async () => {
    const budget = { limit: 2, window_ms: 300 };
    const run = runOf('partial', budget, 3);
    const started = Date.now();
    for (let n = 0; n < 3; n++) await run.call(answering(run, 0, []));
    await run.close();

    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await hits('partial')).toHaveLength(3);
  });

  it('gives up at once when the next place is more than two seconds off', async () => {
    const full = runOf('spent', { limit: 2, window_ms: 60_000 }, 2);
    await full.call(answering(full, 0, []));
    await full.call(answering(full, 0, []));
    await full.close();
    const run = runOf('spent', { limit: 2, window_ms: 60_000 }, 2);

    await expect(run.call(answering(run, 0, []))).rejects.toBeInstanceOf(BudgetSpentError);
    expect(await hits('spent')).toHaveLength(2);
  });
});

/**
 * Names each statement a handle runs, once its answer is in: the grant with or without a write,
 * or the kind of another. A query built into another statement is not counted.
 */
function watching(statements: string[]): KyselyPlugin {
  const names = new Map<unknown, string>();
  return {
    transformQuery({ node, queryId }) {
      // The write is a fragment within the call's fragments.
      const grant = JSON.stringify(node).includes('with beside') ? 'grant with write' : 'grant';
      names.set(queryId, isGrantCall(node) ? grant : node.kind);
      return node;
    },
    async transformResult({ result, queryId }) {
      statements.push(names.get(queryId) ?? 'unknown');
      return result;
    },
  };
}

function isGrantCall(node: OperationNode): boolean {
  return RawNode.is(node) && node.sqlFragments.join('').includes('rate_budget_acquire');
}
