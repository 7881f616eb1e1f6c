import type { DialectName } from '../src/storage/database.js';
import { type HandlerRun, startBenchWorker } from './bench-worker.js';
import { countGustoCalls, FEWEST_CALLS_PER_EMPLOYEE, type GustoCallCount } from './gusto-calls.js';
import { addHiredCandidates, addToGusto, type GustoBench, startGustoBench } from './gusto-setup.js';
import { type HttpFloor, measureHttpFloor } from './http-floor.js';
import { QueryCounter } from './query-counter.js';
import { type LatencySummary, round, sleep, summarize } from './stats.js';
import type { SandboxCall } from './timed-sandbox.js';

/** Sizes of the latency bench; one variant per answer time and poll interval. */
export interface LatencyOptions {
  hires: number;
  /**
   * Gusto's answer times to model, in ms: the sandbox holds each API answer this long. 0 is the
   * local sandbox as fast as it answers; a remote Gusto takes tens of milliseconds or more.
   */
  answer_ms: number[];
  /** Worker poll intervals to measure; 1000 is what `startHandoffWorker` ships with. */
  poll_ms: number[];
  /**
   * One more variant at a recruiter's pace instead of a wave's: each click comes after this
   * long without one, the worker polling meanwhile at 1,000 ms. Connections and caches that sit
   * idle for longer than a wave's gaps are measured here. Null: no such variant.
   */
  quiet: QuietOptions | null;
}

/** The quiet variant's sizes: fewer hires, as each waits the whole quiet first. */
export interface QuietOptions {
  quiet_ms: number;
  hires: number;
  answer_ms: number;
}

/** One hire's timeline, in milliseconds from its "Add to Gusto". */
interface HireTiming {
  to_person: number;
  to_added: number;
  queue_wait: number;
  handler: number;
  in_sandbox: number;
  /** Time inside the sandbox until the person existed: the employee create's. */
  in_sandbox_to_person: number;
  /** The same two, inside the sandbox's HTTP server (see `SandboxCall.served`). */
  in_server: number;
  in_server_to_person: number;
  queries: number;
}

/**
 * The figures that depend on where the sandbox's time is taken to start and end. The app
 * boundary (the variant's own fields) counts only the sandbox's Hono handlers; the server
 * boundary counts its whole request listener, the HTTP server's reading of the request and
 * writing of the answer included, work a remote Gusto does on its own machines.
 */
export interface BoundaryFigures {
  in_sandbox: LatencySummary;
  hirebridge_ms: LatencySummary;
  hirebridge_share: number;
  in_sandbox_to_person: LatencySummary;
  hirebridge_ms_to_person: LatencySummary;
  hirebridge_share_to_person: number;
}

/** The latency bench's figures for one answer time and worker poll interval. */
export interface LatencyVariant {
  /** How long the sandbox held each API answer. */
  answer_ms: number;
  poll_ms: number;
  /** The quiet before each click; null (or absent in older results): a random part of a poll. */
  quiet_ms?: number | null;
  hires: number;
  /** "Add to Gusto" until Gusto answered the employee create. */
  to_person_in_gusto: LatencySummary;
  /** "Add to Gusto" until every step is done and the hand-off is `added`. */
  to_added: LatencySummary;
  /** "Add to Gusto" until a worker started the task (the poll wait). */
  queue_wait: LatencySummary;
  /** The handler's run, first Gusto call to `added`. */
  handler_run: LatencySummary;
  /** Time inside the sandbox's handlers per hire. */
  in_sandbox: LatencySummary;
  /** to_added - in_sandbox per hire: Hirebridge's own time, whatever Gusto's answer time. */
  hirebridge_ms: LatencySummary;
  /** Time inside the sandbox until the person existed (the employee create) per hire. */
  in_sandbox_to_person?: LatencySummary;
  /** to_person_in_gusto minus its time in the sandbox: Hirebridge's own time until then. */
  hirebridge_ms_to_person?: LatencySummary;
  /** Hirebridge's share of the time to the person: own to person / to person, over all hires. */
  hirebridge_share_to_person?: number;
  /** Database queries the worker made per hire (its idle claims during the wait included). */
  db_queries_per_hire: number;
  /** Hirebridge's share: (to_added - in_sandbox) / to_added over all hires. */
  hirebridge_share: number;
  /** The same share counting only the handler's run (no poll wait). */
  hirebridge_share_of_run: number;
  /** The shares and own times with the sandbox's HTTP server counted as the sandbox's. */
  server_boundary?: BoundaryFigures;
  gusto_calls: GustoCallCount;
  fewest_calls_per_hire: number;
  /** Plain HTTP calls, as many per round as a hire made; measured on the instant sandbox only. */
  http_floor: HttpFloor | null;
}

/** The latency bench's result on one database. */
export interface LatencyResult {
  benchmark: 'handoff-latency';
  dialect: DialectName;
  variants: LatencyVariant[];
}

/**
 * Measures "Add to Gusto" to the person in Gusto, one hire at a time, per answer time and poll
 * interval.
 */
export async function benchHandoffLatency(
  dialect: DialectName,
  options: LatencyOptions,
): Promise<LatencyResult> {
  const variants: LatencyVariant[] = [];
  for (const answer_ms of options.answer_ms) {
    for (const poll_ms of options.poll_ms) {
      const settings = { answer_ms, poll_ms, quiet_ms: null };
      variants.push(await measureVariant(dialect, options.hires, settings));
    }
  }
  const { quiet } = options;
  if (quiet) {
    const settings = { answer_ms: quiet.answer_ms, poll_ms: 1000, quiet_ms: quiet.quiet_ms };
    variants.push(await measureVariant(dialect, quiet.hires, settings));
  }

  return { benchmark: 'handoff-latency', dialect, variants };
}

/**
 * What one variant runs against: the sandbox's answer time, the worker's poll interval, and the
 * quiet before each click (null: a random moment of the poll cycle).
 */
interface VariantSettings {
  answer_ms: number;
  poll_ms: number;
  quiet_ms: number | null;
}

// The limits are far above what sequential hires reach, so no hire waits for budget; the budget
// is still taken before every call, as in production.
const UNLIMITED = { limit: 1_000_000, window_ms: 61_000 };

async function measureVariant(dialect: DialectName, hires: number, settings: VariantSettings) {
  const { answer_ms, poll_ms, quiet_ms } = settings;
  const bench = await startGustoBench(dialect, 1, { rateLimit: { ...UNLIMITED } }, { answer_ms });
  const waiter = new RunWaiter();
  const queries = new QueryCounter();
  const worker = startBenchWorker(bench, {
    poll_ms,
    queries,
    budget: UNLIMITED,
    onRun: (run) => waiter.seen(run),
  });
  try {
    const pause = () => quiet_ms ?? Math.random() * poll_ms;
    const timings = await timeHires(bench, { waiter, queries }, hires, pause);
    const calls = countGustoCalls(await bench.sandbox.requestLog(), hires);
    const floored = answer_ms === 0 && quiet_ms === null;
    const http_floor = floored ? await floorOf(bench, calls, hires) : null;

    return { ...variantFrom(settings, timings, calls), http_floor };
  } finally {
    await worker.stop();
    await bench.close();
  }
}

async function timeHires(
  bench: GustoBench,
  { waiter, queries }: { waiter: RunWaiter; queries: QueryCounter },
  hires: number,
  pause: () => number,
): Promise<HireTiming[]> {
  const account = bench.accounts[0];
  if (!account) throw new Error('no connected account');
  const candidates = await addHiredCandidates(bench, account, hires);
  const timings: HireTiming[] = [];
  for (const [n, candidate_id] of candidates.entries()) {
    // In a wave, a click lands at a random moment of the worker's poll cycle, as a person's
    // would; at a recruiter's pace, after a quiet.
    await sleep(pause());
    const person = watchEmployeeCreate(bench);
    const clicked = performance.now();
    const before = queries.count;
    const { handoff } = await addToGusto(bench, account, candidate_id, n + 1);
    const run = await waiter.done(handoff.id);
    if (run.outcome !== 'done') throw new Error(`hand-off ended with ${run.outcome}`);
    const timing = timingOf(clicked, await person, run, bench.sandbox.calls);
    timings.push({ ...timing, queries: queries.count - before });
  }
  return timings;
}

/** The floor makes as many calls per round as a hire made, once per hire. */
function floorOf(bench: GustoBench, calls: GustoCallCount, hires: number): Promise<HttpFloor> {
  return measureHttpFloor(bench, Math.max(1, Math.round(calls.per_hire)), hires);
}

function watchEmployeeCreate(bench: GustoBench): Promise<number> {
  return new Promise((resolve) => {
    bench.sandbox.onCall = (call) => {
      if (call.method === 'POST' && /\/employees$/.test(call.path) && call.status === 201) {
        resolve(call.ended);
      }
    };
  });
}

function timingOf(
  clicked: number,
  person: number,
  run: HandlerRun,
  calls: SandboxCall[],
): Omit<HireTiming, 'queries'> {
  const inSandbox = (until: number) =>
    calls
      .filter((c) => c.started >= clicked && c.ended <= until)
      .reduce((sum, c) => sum + (c.ended - c.started), 0);
  // The person exists once the app's answer is ready: the server's writing of it comes after.
  const inServer = (until: number) =>
    calls
      .filter((c) => c.served.received >= clicked && c.ended <= until)
      .reduce(
        (sum, c) => sum + Math.min(c.served.written ?? c.ended, until) - c.served.received,
        0,
      );

  return {
    to_person: person - clicked,
    to_added: run.ended - clicked,
    queue_wait: run.started - clicked,
    handler: run.ended - run.started,
    in_sandbox: inSandbox(run.ended),
    in_sandbox_to_person: inSandbox(person),
    in_server: inServer(run.ended),
    in_server_to_person: inServer(person),
  };
}

function variantFrom(
  settings: VariantSettings,
  t: HireTiming[],
  calls: GustoCallCount,
): Omit<LatencyVariant, 'http_floor'> {
  const sum = (pick: (x: HireTiming) => number) => t.reduce((s, x) => s + pick(x), 0);
  const sandbox = sum((x) => x.in_sandbox);

  return {
    ...settings,
    hires: t.length,
    to_person_in_gusto: summarize(t.map((x) => x.to_person)),
    to_added: summarize(t.map((x) => x.to_added)),
    queue_wait: summarize(t.map((x) => x.queue_wait)),
    handler_run: summarize(t.map((x) => x.handler)),
    in_sandbox: summarize(t.map((x) => x.in_sandbox)),
    hirebridge_ms: summarize(t.map((x) => x.to_added - x.in_sandbox)),
    in_sandbox_to_person: summarize(t.map((x) => x.in_sandbox_to_person)),
    hirebridge_ms_to_person: summarize(t.map((x) => x.to_person - x.in_sandbox_to_person)),
    hirebridge_share_to_person: round(
      1 - sum((x) => x.in_sandbox_to_person) / sum((x) => x.to_person),
      3,
    ),
    db_queries_per_hire: summarize(t.map((x) => x.queries)).p50_ms,
    hirebridge_share: round(1 - sandbox / sum((x) => x.to_added), 3),
    hirebridge_share_of_run: round(1 - sandbox / sum((x) => x.handler), 3),
    server_boundary: {
      in_sandbox: summarize(t.map((x) => x.in_server)),
      hirebridge_ms: summarize(t.map((x) => x.to_added - x.in_server)),
      hirebridge_share: round(1 - sum((x) => x.in_server) / sum((x) => x.to_added), 3),
      in_sandbox_to_person: summarize(t.map((x) => x.in_server_to_person)),
      hirebridge_ms_to_person: summarize(t.map((x) => x.to_person - x.in_server_to_person)),
      hirebridge_share_to_person: round(
        1 - sum((x) => x.in_server_to_person) / sum((x) => x.to_person),
        3,
      ),
    },
    gusto_calls: calls,
    fewest_calls_per_hire: FEWEST_CALLS_PER_EMPLOYEE,
  };
}

/** Lets the bench wait for the handler run of one hand-off to end, whatever its outcome. */
class RunWaiter {
  private readonly finished = new Map<string, HandlerRun>();
  private readonly waiting = new Map<string, (run: HandlerRun) => void>();

  seen(run: HandlerRun): void {
    const resolve = this.waiting.get(run.handoff_id);
    if (resolve) resolve(run);
    else this.finished.set(run.handoff_id, run);
  }

  done(handoff_id: string): Promise<HandlerRun> {
    const run = this.finished.get(handoff_id);
    if (run) return Promise.resolve(run);

    return new Promise((resolve) => this.waiting.set(handoff_id, resolve));
  }
}
