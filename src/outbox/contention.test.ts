import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import type { ChildJob } from './contention-child.js';
import { enqueue } from './enqueue.js';

const CHILD = fileURLToPath(new URL('./contention-child.ts', import.meta.url));
const ROOT = path.resolve(path.dirname(CHILD), '../..');
const PROCESSES = 3;

/** A started child: resolves `ready` once it is set up, `result` with what it printed last. */
function startChild(job: ChildJob) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(job)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) onReady();
  });
  const result = once(child, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`contending process exited with ${String(code)}`);

    return out.split('\n').filter(Boolean).pop() ?? '';
  });

  return { child, ready, result };
}

/** Runs one process per job, released together once all are ready, and returns their output. */
async function runChildren<T>(jobs: ChildJob[]): Promise<T[]> {
  const children = jobs.map(startChild);
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.child.stdin.end('go\n');
  const outputs = await Promise.all(children.map((c) => c.result));

  return outputs.map((line) => JSON.parse(line) as T);
}

describe.each(testDialects)('%s shared by several processes', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('gives every task to exactly one of three claiming processes', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 300; i++)
      ids.push((await enqueue(storage.db, { kind: 'contended', payload: i })).task.id);

    const jobs = Array.from({ length: PROCESSES }, (_, i) => ({
      target: storage.target,
      worker_id: `p${i}`,
      claim: { kind: 'contended' },
    }));
    const claimed = await runChildren<string[]>(jobs);

    const all = claimed.flat();
    expect(all).toHaveLength(ids.length);
    expect(new Set(all)).toEqual(new Set(ids));
    // Each process got some, or the test did not contend at all.
    for (const mine of claimed) expect(mine.length).toBeGreaterThan(0);
  }, 60_000);

  it('keeps three acquiring processes together within the budget in every window', async () => {
    const budget = { key: 'shared', limit: 20, window_ms: 1000, run_ms: 3000 };
    const jobs = Array.from({ length: PROCESSES }, (_, i) => ({
      target: storage.target,
      worker_id: `p${i}`,
      acquire: budget,
    }));
    const grants = (await runChildren<number[]>(jobs)).flat().sort((a, b) => a - b);

    const inWindowEnding = (t: number) => grants.filter((g) => g > t - budget.window_ms && g <= t);
    const busiest = Math.max(...grants.map((t) => inWindowEnding(t).length));
    expect(busiest).toBeLessThanOrEqual(budget.limit);
    // Three windows' worth, give or take the edges: the budget was used, not just respected.
    expect(grants.length).toBeGreaterThanOrEqual(budget.limit * 2);
  }, 60_000);
});
