import { countCall, recordAnswer } from '../outbox/acquire.js';
import { gustoBudgetKey } from './budget-key.js';
import type { GustoConnectionDeps } from './deps.js';

/**
 * A fetch whose every request takes its place in the account's rate budget without asking, and
 * keeps it until the answer is in. For calls a person is waiting on (the review form's lists,
 * connecting, Check connection): they are never held back, but counted, so the hand-off workers
 * sharing the budget leave room for them instead of running into Gusto's 429. Counting never
 * fails a call: a database error is logged and the call goes on.
 */
export function countedFetch(
  deps: Pick<GustoConnectionDeps, 'db' | 'logger'>,
  account_id: string,
  inner: typeof fetch,
): typeof fetch {
  const key = gustoBudgetKey(account_id);
  const quietly = async <T>(work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (err) {
      deps.logger.warn({ err, budget_key: key }, 'a Gusto call was not counted in the budget');
      return null;
    }
  };

  return async (input, init) => {
    const id = await quietly(() => countCall(deps.db, key));
    try {
      return await inner(input, init);
    } finally {
      if (id !== null) await quietly(() => recordAnswer(deps.db, id));
    }
  };
}
