import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DialectName } from '../src/storage/database.js';
import { addHiredCandidates, addToGusto, type GustoBench, startGustoBench } from './gusto-setup.js';
import type { ChildInput, ChildRequest, MemorySample } from './memory-child.js';
import { round, sleep } from './stats.js';

/** Sizes of the memory bench. */
export interface MemoryOptions {
  handoffs: number;
  /** Make the stored access token due this many times over the run, forcing refreshes. */
  token_expiries: number;
  concurrency: number;
  poll_ms: number;
}

/** What the logger keeps of the tokens (see `registerSecret`). */
export interface SecretRetention {
  issued: number;
  held: number;
  redact_us_per_line: number;
  synthetic_tokens: number;
  heap_bytes_per_token: number;
  redact_us_per_line_after_synthetic: number;
}

/** The memory bench's result on one database. */
export interface MemoryResult {
  benchmark: 'memory';
  dialect: DialectName;
  handoffs: number;
  handoffs_added: number;
  duration_s: number;
  handoffs_per_s: number;
  worker: { concurrency: number; poll_ms: number };
  samples: MemorySample[];
  /** RSS after all hand-offs minus RSS at the halfway sample (warm), MiB. */
  rss_growth_second_half_mib: number;
  heap_growth_second_half_mib: number;
  secrets: SecretRetention;
}

const CHILD = fileURLToPath(new URL('./memory-child.ts', import.meta.url));

/** Runs a worker process through `handoffs` hand-offs and samples its memory after GC. */
export async function benchMemory(dialect: DialectName, options: MemoryOptions) {
  const bench = await startGustoBench(dialect, 1, {
    rateLimit: { limit: 1_000_000, window_ms: 60_000 },
  });
  const child = startChild(bench, options);
  try {
    await child.ask(null);
    const samples = [await child.ask({ type: 'sample', label: 'idle' })];
    const started = performance.now();
    const added = await runHandoffs(bench, options, async (label) => {
      samples.push(await child.ask({ type: 'sample', label }));
    });
    const duration_s = (performance.now() - started) / 1000;
    const secrets = await child.ask({ type: 'secrets', issued: issuedTokens(bench) });

    return resultOf(dialect, options, samples, secrets, added, duration_s);
  } finally {
    await child.stop();
    await bench.close();
  }
}

function resultOf(
  dialect: DialectName,
  options: MemoryOptions,
  samples: MemorySample[],
  secrets: SecretRetention,
  added: number,
  duration_s: number,
): MemoryResult {
  const half = samples.find((s) => s.label === 'after 50%');
  const end = samples.at(-1);

  return {
    benchmark: 'memory',
    dialect,
    handoffs: options.handoffs,
    handoffs_added: added,
    duration_s: round(duration_s),
    handoffs_per_s: round(added / duration_s),
    worker: { concurrency: options.concurrency, poll_ms: options.poll_ms },
    samples,
    rss_growth_second_half_mib: round((end?.rss_mib ?? 0) - (half?.rss_mib ?? 0)),
    heap_growth_second_half_mib: round((end?.heap_used_mib ?? 0) - (half?.heap_used_mib ?? 0)),
    secrets,
  };
}

/** Every company access token the sandbox issued. */
function issuedTokens(bench: GustoBench): string[] {
  const tokens = Object.values(bench.sandbox.sandbox.ctx.store.data.access_tokens);

  return tokens.filter((t) => t.kind === 'company').map((t) => t.token);
}

/**
 * Queues the hand-offs in ten slices through "Add to Gusto"; after each slice drains, memory is
 * sampled at 10%, 50% and 100%, and the company's tokens may be expired at Gusto.
 */
async function runHandoffs(
  bench: GustoBench,
  options: MemoryOptions,
  checkpoint: (label: string) => Promise<void>,
): Promise<number> {
  const account = bench.accounts[0];
  if (!account) throw new Error('no connected account');
  const candidates = await addHiredCandidates(bench, account, options.handoffs);
  const slice = Math.ceil(candidates.length / 10);
  const expireEvery = Math.max(1, Math.floor(10 / Math.max(1, options.token_expiries)));
  let added = 0;
  for (let s = 0; s * slice < candidates.length; s++) {
    const part = candidates.slice(s * slice, (s + 1) * slice);
    for (const [i, id] of part.entries()) {
      // No department: concurrent adds to one department conflict on its version (409) and
      // back off for seconds, which would measure the backoff, not memory.
      await addToGusto(bench, account, id, s * slice + i + 1, false);
    }
    added = await waitForAdded(bench, added + part.length);
    if (options.token_expiries > 0 && (s + 1) % expireEvery === 0) await expireTokens(bench);
    if (s === 0 || s === 4 || s === 9) await checkpoint(`after ${(s + 1) * 10}%`);
  }

  return added;
}

/**
 * Makes the stored access token due, as two hours passing would: the next hand-off refreshes it
 * and uses a new access token (the logger registers each one).
 */
async function expireTokens(bench: GustoBench): Promise<void> {
  const account_id = bench.accounts[0]?.owner.account_id ?? '';
  await bench.storage.db
    .updateTable('gusto_connections')
    .set({ access_token_expires_at: new Date(0).toISOString() })
    .where('account_id', '=', account_id)
    .execute();
}

async function waitForAdded(bench: GustoBench, count: number): Promise<number> {
  for (;;) {
    const row = await bench.storage.db
      .selectFrom('handoffs')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('status', 'in', ['added', 'needs_attention'])
      .executeTakeFirstOrThrow();
    if (Number(row.n) >= count) return Number(row.n);
    await sleep(50);
  }
}

/** The worker process and a way to ask it one thing at a time. */
interface MemoryChild {
  ask(request: null): Promise<unknown>;
  ask(request: { type: 'sample'; label: string }): Promise<MemorySample>;
  ask(request: { type: 'secrets'; issued: string[] }): Promise<SecretRetention>;
  stop(): Promise<void>;
}

function startChild(bench: GustoBench, options: MemoryOptions): MemoryChild {
  const input: ChildInput = {
    target: bench.storage.target,
    baseUrl: bench.sandbox.url,
    concurrency: options.concurrency,
    poll_ms: options.poll_ms,
  };
  const child = fork(CHILD, [JSON.stringify(input)], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (request: ChildRequest | null) => nextMessage(child, request);

  return {
    ask: ask as MemoryChild['ask'],
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' } satisfies ChildRequest);
      await exited;
    },
  };
}

/** Sends a request (or none) and resolves with the child's next message. */
function nextMessage(child: ChildProcess, request: ChildRequest | null): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`worker exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message);
    });
    if (request) child.send(request);
  });
}
