import type { DialectName } from '../src/storage/database.js';
import type { LatencyOptions } from './handoff-latency.js';
import type { MemoryOptions } from './memory.js';
import type { PagesOptions } from './pages.js';
import type { RateOptions } from './rate-budget.js';

/** The benchmarks, in the order a run performs them. */
export const BENCHMARKS = ['latency', 'rate', 'pages', 'memory'] as const;

/** One benchmark's name. */
export type BenchmarkName = (typeof BENCHMARKS)[number];

/** The sizes of every benchmark for one kind of run. */
export interface BenchSizes {
  latency: LatencyOptions;
  rate: RateOptions;
  pages: PagesOptions;
  memory: MemoryOptions;
}

/** What one `npm run bench` does. */
export interface BenchPlan {
  mode: 'full' | 'quick' | 'smoke';
  only: BenchmarkName[];
  dialects: DialectName[];
  sizes: BenchSizes;
  /** Whether raw results are written to bench/results. */
  write: boolean;
}

// Gusto's 200 calls per grant, in a 2 s window instead of 60 s so a run takes minutes. The
// window is one account's: a case of n accounts gives each grant n x 2 s (see RateOptions).
const GUSTO_LIMIT = { limit: 200, window_ms: 2_000 };

/** The sizes per mode: full (the published figures), quick (a shorter pass), smoke (seconds). */
export const SIZES: Record<BenchPlan['mode'], BenchSizes> = {
  full: {
    // The quiet is longer than the database pool keeps a spare connection that sits idle (10 s).
    latency: {
      hires: 200,
      answer_ms: [0, 10, 50, 100],
      poll_ms: [1000],
      quiet: { quiet_ms: 15_000, hires: 20, answer_ms: 100 },
    },
    // 1,000 hand-offs at about 100 calls/s drain in about 70 s; the timeout leaves room.
    rate: {
      handoffs: 1000,
      accounts: [1, 10],
      ...GUSTO_LIMIT,
      ceiling_accounts: null,
      timeout_ms: 240_000,
    },
    pages: { candidates: 100_000, seconds: 10, connections: 10 },
    memory: { handoffs: 2_000, token_expiries: 10, concurrency: 4, poll_ms: 1000 },
  },
  quick: {
    latency: { hires: 30, answer_ms: [0, 10, 50], poll_ms: [1000], quiet: null },
    // 60 hand-offs per account in the ten-account case: more calls than one window allows.
    rate: {
      handoffs: 600,
      accounts: [1, 10],
      ...GUSTO_LIMIT,
      ceiling_accounts: null,
      timeout_ms: 120_000,
    },
    pages: { candidates: 10_000, seconds: 3, connections: 10 },
    memory: { handoffs: 300, token_expiries: 3, concurrency: 4, poll_ms: 1000 },
  },
  smoke: {
    latency: {
      hires: 2,
      answer_ms: [0, 5],
      poll_ms: [10],
      quiet: { quiet_ms: 20, hires: 1, answer_ms: 0 },
    },
    rate: {
      handoffs: 4,
      accounts: [1, 2],
      limit: 10,
      window_ms: 500,
      ceiling_accounts: null,
      timeout_ms: 15_000,
      // One at a time: concurrent adds to one department conflict (409) and cost extra calls.
      worker: { concurrency: 1, poll_ms: 50 },
    },
    pages: { candidates: 60, seconds: 0.3, connections: 2 },
    memory: { handoffs: 10, token_expiries: 1, concurrency: 4, poll_ms: 50 },
  },
};

/** Accounts of the rate bench's ceiling case when `--rate-ceiling` names no number. */
const CEILING_ACCOUNTS = 10;

/**
 * Reads the command line; every option overrides the mode's size:
 * - `--quick`, `--smoke`: the mode (default full);
 * - `--only=latency,rate` and `--dialect=sqlite,postgres`: what runs (default all, every
 *   available database);
 * - `--memory-handoffs=N`: hand-offs of the memory bench;
 * - `--answer-ms=0,10,50` and `--poll-ms=1000`: the latency variants (Gusto's answer time held
 *   by the sandbox, the worker's poll interval);
 * - `--quiet-ms=15000`: the quiet before each click of the latency bench's quiet variant (0:
 *   none; the mode's variant when it has one, else 20 hires at 100 ms answers);
 * - `--rate-window-ms=2000`: the window of ONE account in the rate bench, scaled by the account
 *   count of each case so every case asks for the same total rate;
 * - `--rate-ceiling[=10]`: adds the rate bench's ceiling case, that many accounts each at the
 *   one-account window (default off).
 */
export function planFrom(args: readonly string[], env = process.env): BenchPlan {
  const mode = args.includes('--smoke') ? 'smoke' : args.includes('--quick') ? 'quick' : 'full';
  const only = listArg(args, 'only') ?? [...BENCHMARKS];
  for (const name of only) {
    if (!(BENCHMARKS as readonly string[]).includes(name)) throw new Error(`unknown bench ${name}`);
  }
  const available: DialectName[] = env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const dialects = (listArg(args, 'dialect') ?? available) as DialectName[];
  const sizes = structuredClone(SIZES[mode]);
  const memory = valueArg(args, 'memory-handoffs');
  if (memory) sizes.memory.handoffs = numberOf('memory-handoffs', memory);
  latencyArgs(args, sizes.latency);
  rateArgs(args, sizes.rate);

  return { mode, only: only as BenchmarkName[], dialects, sizes, write: mode !== 'smoke' };
}

function latencyArgs(args: readonly string[], latency: LatencyOptions): void {
  const answers = listArg(args, 'answer-ms');
  if (answers) latency.answer_ms = answers.map((x) => numberOf('answer-ms', x));
  const polls = listArg(args, 'poll-ms');
  if (polls) latency.poll_ms = polls.map((x) => numberOf('poll-ms', x));
  const quiet = valueArg(args, 'quiet-ms');
  if (quiet === undefined) return;
  const quiet_ms = numberOf('quiet-ms', quiet);
  latency.quiet = quiet_ms === 0 ? null : { hires: 20, answer_ms: 100, ...latency.quiet, quiet_ms };
}

function rateArgs(args: readonly string[], rate: RateOptions): void {
  const window = valueArg(args, 'rate-window-ms');
  if (window) rate.window_ms = numberOf('rate-window-ms', window, 1);
  const ceiling = valueArg(args, 'rate-ceiling');
  if (ceiling) rate.ceiling_accounts = numberOf('rate-ceiling', ceiling, 1);
  else if (args.includes('--rate-ceiling')) rate.ceiling_accounts = CEILING_ACCOUNTS;
}

/** A whole number of at least `min`, or an error naming the option. */
function numberOf(name: string, text: string, min = 0): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`--${name} wants a whole number of at least ${min}: ${text}`);
  }

  return n;
}

function valueArg(args: readonly string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function listArg(args: readonly string[], name: string): string[] | undefined {
  return valueArg(args, name)?.split(',').filter(Boolean);
}
