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

// Gusto's 200 calls per grant, in a 2 s window instead of 60 s so a run takes minutes.
const GUSTO_LIMIT = { limit: 200, window_ms: 2_000 };

/** The sizes per mode: full (the published figures), quick (a shorter pass), smoke (seconds). */
export const SIZES: Record<BenchPlan['mode'], BenchSizes> = {
  full: {
    latency: { hires: 200, poll_ms: [1000, 10] },
    rate: { handoffs: 1000, accounts: [1, 10], ...GUSTO_LIMIT, timeout_ms: 60_000 },
    pages: { candidates: 100_000, seconds: 10, connections: 10 },
    memory: { handoffs: 2_000, token_expiries: 10, concurrency: 4, poll_ms: 1000 },
  },
  quick: {
    latency: { hires: 30, poll_ms: [1000, 10] },
    rate: { handoffs: 300, accounts: [1, 10], ...GUSTO_LIMIT, timeout_ms: 20_000 },
    pages: { candidates: 10_000, seconds: 3, connections: 10 },
    memory: { handoffs: 300, token_expiries: 3, concurrency: 4, poll_ms: 1000 },
  },
  smoke: {
    latency: { hires: 2, poll_ms: [10] },
    rate: {
      handoffs: 4,
      accounts: [1, 2],
      limit: 10,
      window_ms: 500,
      timeout_ms: 15_000,
      // One at a time: concurrent adds to one department conflict (409) and back off 5 s.
      worker: { concurrency: 1, poll_ms: 50 },
    },
    pages: { candidates: 60, seconds: 0.3, connections: 2 },
    memory: { handoffs: 10, token_expiries: 1, concurrency: 4, poll_ms: 50 },
  },
};

/** Reads `--quick`, `--smoke`, `--only=a,b`, `--dialect=sqlite`, `--memory-handoffs=N`. */
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
  if (memory) sizes.memory.handoffs = Number(memory);

  return { mode, only: only as BenchmarkName[], dialects, sizes, write: mode !== 'smoke' };
}

function valueArg(args: readonly string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function listArg(args: readonly string[], name: string): string[] | undefined {
  return valueArg(args, name)?.split(',').filter(Boolean);
}
