import type { Storage } from '../storage/database.js';
import { lockBudget } from './lock-budget.js';
import { writeTransaction } from './write-transaction.js';

/**
 * Pauses every worker's budget for `key` for `seconds` (its tasks are not claimed meanwhile),
 * after a server answered 429 with `Retry-After` (RFC 6585 §4, RFC 9110 §10.2.3). An earlier,
 * longer pause is kept.
 */
export async function recordRetryAfter(
  storage: Storage,
  key: string,
  seconds: number,
  now: Date = new Date(),
): Promise<void> {
  const until = new Date(now.getTime() + Math.max(0, seconds) * 1000).toISOString();
  await writeTransaction(storage, async (db) => {
    const { paused_until } = await lockBudget(db, storage.dialect, key);
    if (paused_until !== null && paused_until >= until) return;

    await db
      .updateTable('rate_budgets')
      .set({ paused_until: until, full_until: until })
      .where('key', '=', key)
      .execute();
  });
}
