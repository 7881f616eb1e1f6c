import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { createLogger } from '../logging/logger.js';
import { gustoBudgetKey } from './budget-key.js';
import { countedFetch } from './counted-fetch.js';

describe.each(testDialects)('countedFetch on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });
  const deps = () => ({ db: storage.db, logger: createLogger({ level: 'silent' }) });

  it("counts each call in the account's budget from its answer, failed calls too", async () => {
    let answered = 0;
    const inner: typeof fetch = async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      answered = Date.now();
      return new Response('{}');
    };
    const failing: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const before = Date.now();

    await countedFetch(deps(), 'acct-1', inner)('http://127.0.0.1/v1/token_info');
    await expect(countedFetch(deps(), 'acct-1', failing)('http://127.0.0.1/')).rejects.toThrow();

    const rows = await storage.db
      .selectFrom('rate_budget_hits')
      .select('at')
      .where('key', '=', gustoBudgetKey('acct-1'))
      .orderBy('at')
      .execute();
    const hits = rows.map((r) => r.at);
    expect(hits).toHaveLength(2);
    expect(Date.parse(hits[0] ?? '')).toBeGreaterThanOrEqual(answered);
    expect(Date.parse(hits[0] ?? '')).toBeGreaterThanOrEqual(before + 20);
  });

  it('still makes the call when the budget cannot be written', async () => {
    const closed = { ...deps(), db: brokenDb() };
    const inner: typeof fetch = async () => new Response('ok');

    const answer = await countedFetch(closed, 'acct-2', inner)('http://127.0.0.1/');

    expect(await answer.text()).toBe('ok');
  });
});

/** A Kysely handle whose every query fails, as a database gone away would. */
function brokenDb(): never {
  return new Proxy(
    {},
    {
      get: () => () => {
        throw new Error('database unavailable');
      },
    },
  ) as never;
}
