/**
 * A separate process contending for the outbox or a rate budget, started by
 * `contention.test.ts` to prove claims and grants stay exclusive across processes.
 *
 * Its one argument is a JSON `ChildJob`. It prints `ready`, waits for a line on stdin so all
 * processes begin together, then prints one JSON line: the claimed task ids, or the instants of
 * its grants.
 */
import { once } from 'node:events';
import { openStorage, type Storage, type StorageTarget } from '../storage/database.js';
import { acquire } from './acquire.js';
import { claim } from './claim.js';

/** What one contending process does. */
export interface ChildJob {
  target: StorageTarget;
  worker_id: string;
  /** Claim every due task of this kind, a few at a time, until none is left. */
  claim?: { kind: string };
  /** Ask this budget for requests as fast as it grants them, for `run_ms`. */
  acquire?: { key: string; limit: number; window_ms: number; run_ms: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function claimAll(storage: Storage, worker_id: string, kind: string): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const tasks = await claim(storage, { worker_id, kinds: [kind], lock_ms: 600_000, limit: 1 });
    if (tasks.length === 0) return ids;
    ids.push(...tasks.map((t) => t.id));
    // A moment of "work" between claims, as a real worker has; it lets the others' waits end.
    await sleep(1);
  }
}

async function acquireFor(storage: Storage, budget: NonNullable<ChildJob['acquire']>) {
  const grants: number[] = [];
  const end = Date.now() + budget.run_ms;
  while (Date.now() < end) {
    const decision = await acquire(storage, budget.key, budget);
    if (decision.granted) grants.push(decision.at.getTime());
    else await sleep(Math.min(decision.wait_ms, 20));
  }

  return grants;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as ChildJob;
  const storage = openStorage(job.target);
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  process.stdin.pause();
  try {
    const result = job.acquire
      ? await acquireFor(storage, job.acquire)
      : await claimAll(storage, job.worker_id, job.claim?.kind ?? '');
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await storage.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
