/** Summary of a set of durations in milliseconds. */
export interface LatencySummary {
  count: number;
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
  max_ms: number;
}

/** The value below which `p` (0..1) of the sorted samples fall (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));

  return sorted[rank - 1] ?? Number.NaN;
}

/** p50, p99, mean and max of durations, rounded to a tenth of a millisecond. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, x) => sum + x, 0);

  return {
    count: sorted.length,
    p50_ms: round(percentile(sorted, 0.5)),
    p99_ms: round(percentile(sorted, 0.99)),
    mean_ms: round(sorted.length ? total / sorted.length : Number.NaN),
    max_ms: round(sorted.at(-1) ?? Number.NaN),
  };
}

/** Rounds to `digits` decimals (one by default), keeping NaN as is. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;

  return Math.round(x * f) / f;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
