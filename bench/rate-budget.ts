import { GUSTO_RATE_BUDGET } from '../src/handoff/gusto-budget.js';
import type { BudgetOptions } from '../src/outbox/rate-budget.js';
import type { DialectName } from '../src/storage/database.js';
import { type HandlerRun, SHIPPED_WORKER, startBenchWorker } from './bench-worker.js';
import { addHiredCandidates, addToGusto, type GustoBench, startGustoBench } from './gusto-setup.js';
import { round, sleep } from './stats.js';
import { isApiCall, type SandboxCall } from './timed-sandbox.js';

/** Sizes of the rate-budget bench. */
export interface RateOptions {
  /** Hand-offs queued in all, spread evenly over the accounts of a case. */
  handoffs: number;
  /** One case per entry: how many accounts (one Gusto company each) share the hand-offs. */
  accounts: number[];
  /** The sandbox's limit per grant: Gusto's 200 calls, in a shorter window. */
  limit: number;
  /**
   * The window of ONE account, in ms. A case of n accounts gives each grant a window n times as
   * long, so every case asks the worker for the same total rate: n x limit per n x window_ms.
   */
  window_ms: number;
  /**
   * Accounts of the ceiling case, whose grants all keep the one-account window: far more calls
   * are allowed than one worker can make, so it shows what one worker process pushes. Default
   * null (no ceiling case).
   */
  ceiling_accounts: number | null;
  /** Stop measuring after this long, drained or not. */
  timeout_ms: number;
  /** The worker's settings; default startHandoffWorker's (`SHIPPED_WORKER`). */
  worker?: { concurrency: number; poll_ms: number };
}

/** One case to run: its accounts and the window each of their grants gets. */
export interface RateCaseSpec {
  /** `budget`: the same total rate in every case; `ceiling`: far more than a worker reaches. */
  kind: 'budget' | 'ceiling';
  accounts: number;
  window_ms: number;
}

/** The figures of one case. */
export interface RateCase extends RateCaseSpec {
  handoffs: number;
  sandbox_limit: { limit: number; window_ms: number };
  budget: BudgetOptions;
  worker: { concurrency: number; poll_ms: number };
  drained: boolean;
  handoffs_added: number;
  /** From the worker's start until every hand-off was added (or the timeout). */
  duration_s: number;
  /** What the grants allow together: accounts x limit per window. */
  allowed_calls_per_s: number;
  /**
   * Accepted calls per second, from the first API call to the last answer. A grant's first
   * window starts full, so a run of few windows per grant can exceed the allowed rate a little.
   */
  calls_per_s: number | null;
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

/** The cases of a run: one per account count, then the ceiling case if asked for. */
export function rateCases(options: RateOptions): RateCaseSpec[] {
  const budget = options.accounts.map((accounts) => ({
    kind: 'budget' as const,
    accounts,
    window_ms: options.window_ms * accounts,
  }));
  const ceiling = options.ceiling_accounts;
  if (ceiling === null) return budget;

  return [...budget, { kind: 'ceiling', accounts: ceiling, window_ms: options.window_ms }];
}

/** Drains queued hand-offs against a sandbox whose limit is scaled in time, per case. */
export async function benchRateBudget(
  dialect: DialectName,
  options: RateOptions,
): Promise<RateResult> {
  const cases: RateCase[] = [];
  for (const spec of rateCases(options)) cases.push(await runCase(dialect, spec, options));

  return { benchmark: 'rate-budget', dialect, cases };
}

async function runCase(
  dialect: DialectName,
  spec: RateCaseSpec,
  options: RateOptions,
): Promise<RateCase> {
  const limits = { limit: options.limit, window_ms: spec.window_ms };
  const bench = await startGustoBench(dialect, spec.accounts, { rateLimit: { ...limits } });
  const budget = benchBudget(limits);
  const settings = options.worker ?? SHIPPED_WORKER;
  try {
    const handoffs = await queueHandoffs(bench, options.handoffs);
    const worker = startBenchWorker(bench, { ...settings, budget });
    const started = performance.now();
    const drained = await waitForAdded(bench, handoffs, options.timeout_ms);
    const duration_s = round((performance.now() - started) / 1000);
    await worker.stop();

    return {
      ...spec,
      handoffs,
      sandbox_limit: limits,
      budget,
      worker: settings,
      drained,
      handoffs_added: await countAdded(bench),
      duration_s,
      allowed_calls_per_s: round((spec.accounts * limits.limit * 1000) / limits.window_ms),
      handler_outcomes: outcomesOf(worker.runs),
      ...callFigures(bench.sandbox.calls, limits.limit, limits.window_ms),
    };
  } finally {
    await bench.close();
  }
}

/**
 * The budget as production sets it, scaled in time: the same margin below Gusto's limit (room
 * for calls a person waits on), in the sandbox's window. Production's 200 ms window pad, for the
 * clocks of several worker hosts, is left out: the bench is one process with one clock.
 */
function benchBudget(limits: { limit: number; window_ms: number }): BudgetOptions {
  const margin = GUSTO_LIMIT - GUSTO_RATE_BUDGET.limit;

  return { limit: Math.max(1, limits.limit - margin), window_ms: limits.window_ms };
}

/** Gusto's documented limit per grant per minute, which production's budget stays under. */
const GUSTO_LIMIT = 200;

function outcomesOf(runs: readonly HandlerRun[]): Record<string, number> {
  const outcomes: Record<string, number> = {};
  for (const run of runs) outcomes[run.outcome] = (outcomes[run.outcome] ?? 0) + 1;

  return outcomes;
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

/** Counts calls, 429s, accepted calls per second and per full window of each grant. */
export function callFigures(calls: readonly SandboxCall[], limit: number, window_ms: number) {
  const api = calls.filter(isApiCall);
  const windows = [...groupByGrant(api).values()].flatMap((c) => fullWindows(c, window_ms));
  const sum = windows.reduce((s, w) => s + w, 0);
  const achieved = windows.length ? sum / windows.length : null;
  const by_status: Record<string, number> = {};
  for (const c of api) by_status[String(c.status)] = (by_status[String(c.status)] ?? 0) + 1;

  return {
    calls_per_s: acceptedPerSecond(api),
    api_calls: api.length,
    calls_429: api.filter((c) => c.status === 429).length,
    by_status,
    full_windows: windows.length,
    achieved_per_window: achieved === null ? null : round(achieved),
    utilization: achieved === null ? null : round(achieved / limit, 3),
    min_window_utilization: windows.length ? round(Math.min(...windows) / limit, 3) : null,
  };
}

function acceptedPerSecond(api: readonly SandboxCall[]): number | null {
  const first = Math.min(...api.map((c) => c.started));
  const last = Math.max(...api.map((c) => c.ended));
  if (!(last > first)) return null;
  const accepted = api.filter((c) => c.status !== 429).length;

  return round((accepted * 1000) / (last - first));
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
