import type { BudgetOptions } from '../src/outbox/rate-budget.js';
import type { DialectName } from '../src/storage/database.js';
import { startBenchWorker } from './bench-worker.js';
import { addHiredCandidates, addToGusto, type GustoBench, startGustoBench } from './gusto-setup.js';
import { round, sleep } from './stats.js';
import { isApiCall, type SandboxCall } from './timed-sandbox.js';

/** Sizes of the rate-budget bench. */
export interface RateOptions {
  /** Hand-offs queued in all, spread evenly over the accounts of a case. */
  handoffs: number;
  /** One case per entry: how many accounts (one Gusto company each) share the hand-offs. */
  accounts: number[];
  /** The sandbox's limit per grant, scaled in time: Gusto's 200 calls in a shorter window. */
  limit: number;
  window_ms: number;
  /** Stop measuring after this long, drained or not. */
  timeout_ms: number;
  /** The worker's settings; default startHandoffWorker's (4 at once, 1000 ms poll). */
  worker?: { concurrency: number; poll_ms: number };
}

/** The figures of one case. */
export interface RateCase {
  accounts: number;
  handoffs: number;
  sandbox_limit: { limit: number; window_ms: number };
  budget: BudgetOptions;
  worker: { concurrency: number; poll_ms: number };
  drained: boolean;
  handoffs_added: number;
  duration_s: number;
  api_calls: number;
  calls_429: number;
  /** API answers by status (409: a department's version changed under a concurrent add). */
  by_status: Record<string, number>;
  /** How the worker's handler runs ended (`defer`: budget spent; `retry`: a failure). */
  handler_outcomes: Record<string, number>;
  /** Full windows counted per grant, from its first call to its last. */
  full_windows: number;
  /** Calls accepted in those windows, per window and grant. */
  achieved_per_window: number | null;
  /** achieved_per_window / limit: the goal is at least 0.95. */
  utilization: number | null;
  /** The emptiest window's share of the limit. */
  min_window_utilization: number | null;
}

/** The rate-budget bench's result on one database. */
export interface RateResult {
  benchmark: 'rate-budget';
  dialect: DialectName;
  cases: RateCase[];
}

/** Drains queued hand-offs against a sandbox whose limit is scaled in time, per account count. */
export async function benchRateBudget(
  dialect: DialectName,
  options: RateOptions,
): Promise<RateResult> {
  const cases: RateCase[] = [];
  for (const accounts of options.accounts) cases.push(await runCase(dialect, accounts, options));

  return { benchmark: 'rate-budget', dialect, cases };
}

// startHandoffWorker's defaults: the bench measures the worker as it ships.
const SHIPPED_WORKER = { concurrency: 4, poll_ms: 1000 };

async function runCase(dialect: DialectName, accounts: number, options: RateOptions) {
  const { limit, window_ms } = options;
  const bench = await startGustoBench(dialect, accounts, { rateLimit: { limit, window_ms } });
  // The hand-off's budget set to the sandbox's window, without the production margin.
  const budget = { limit, window_ms };
  const settings = options.worker ?? SHIPPED_WORKER;
  try {
    const handoffs = await queueHandoffs(bench, options.handoffs);
    const worker = startBenchWorker(bench, { ...settings, budget });
    const started = performance.now();
    const drained = await waitForAdded(bench, handoffs, options.timeout_ms);
    const duration_s = round((performance.now() - started) / 1000);
    await worker.stop();
    const handler_outcomes: Record<string, number> = {};
    for (const run of worker.runs) {
      handler_outcomes[run.outcome] = (handler_outcomes[run.outcome] ?? 0) + 1;
    }
    const added = await countAdded(bench);

    return {
      accounts,
      handoffs,
      sandbox_limit: { limit, window_ms },
      budget,
      worker: settings,
      drained,
      handoffs_added: added,
      duration_s,
      handler_outcomes,
      ...callFigures(bench.sandbox.calls, limit, window_ms),
    };
  } finally {
    await bench.close();
  }
}

async function queueHandoffs(bench: GustoBench, total: number): Promise<number> {
  const per = Math.max(1, Math.floor(total / bench.accounts.length));
  let n = 0;
  for (const account of bench.accounts) {
    for (const candidate_id of await addHiredCandidates(bench, account, per)) {
      n += 1;
      await addToGusto(bench, account, candidate_id, n);
    }
  }

  return n;
}

async function countAdded(bench: GustoBench): Promise<number> {
  const row = await bench.storage.db
    .selectFrom('handoffs')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'added')
    .executeTakeFirstOrThrow();

  return Number(row.n);
}

async function waitForAdded(bench: GustoBench, count: number, timeout_ms: number) {
  const until = performance.now() + timeout_ms;
  while (performance.now() < until) {
    if ((await countAdded(bench)) >= count) return true;
    await sleep(250);
  }

  return false;
}

/** Counts calls, 429s and accepted calls per full window of each grant. */
export function callFigures(calls: readonly SandboxCall[], limit: number, window_ms: number) {
  const api = calls.filter(isApiCall);
  const windows = [...groupByGrant(api).values()].flatMap((c) => fullWindows(c, window_ms));
  const sum = windows.reduce((s, w) => s + w, 0);
  const achieved = windows.length ? sum / windows.length : null;
  const by_status: Record<string, number> = {};
  for (const c of api) by_status[String(c.status)] = (by_status[String(c.status)] ?? 0) + 1;

  return {
    api_calls: api.length,
    calls_429: api.filter((c) => c.status === 429).length,
    by_status,
    full_windows: windows.length,
    achieved_per_window: achieved === null ? null : round(achieved),
    utilization: achieved === null ? null : round(achieved / limit, 3),
    min_window_utilization: windows.length ? round(Math.min(...windows) / limit, 3) : null,
  };
}

function groupByGrant(calls: readonly SandboxCall[]): Map<string, SandboxCall[]> {
  const groups = new Map<string, SandboxCall[]>();
  for (const call of calls) {
    const key = call.grant_id ?? 'none';
    groups.set(key, [...(groups.get(key) ?? []), call]);
  }

  return groups;
}

/**
 * Accepted calls in each whole window from a grant's first call; the last, partial window (the
 * queue running dry) is left out.
 */
function fullWindows(calls: readonly SandboxCall[], window_ms: number): number[] {
  const starts = calls.map((c) => c.started).sort((a, b) => a - b);
  const first = starts[0] ?? 0;
  const whole = Math.floor(((starts.at(-1) ?? first) - first) / window_ms);
  const counts = new Array<number>(whole).fill(0);
  for (const call of calls) {
    const index = Math.floor((call.started - first) / window_ms);
    if (call.status !== 429 && index < whole) counts[index] = (counts[index] ?? 0) + 1;
  }

  return counts;
}
