import type { Arrival } from './reliability-kit.js';

/** A rate limit or budget: at most `limit` requests in any `window_ms`. */
export interface RateWindow {
  limit: number;
  window_ms: number;
}

/** How one account's Gusto traffic compared with its budget and with Gusto's limit. */
export interface AccountRate {
  company: string;
  /** API requests the limiter counted (every one but those it refused). */
  requests: number;
  /** Most counted requests inside any span of Gusto's window, and of the budget's window. */
  peak: number;
  peak_budget: number;
  /** Mean requests per second from the account's first request to its last. */
  mean_rps: number;
  /** 429s from the rate limiter (they carry Retry-After), and injected ones. */
  limiter_429: number;
  injected_429: number;
  /** Limiter 429s that came less than a window after the previous one (a retry storm). */
  repeated_429: number;
}

/** Sums up each company's requests as they arrived at the sandbox. */
export function rateReport(
  arrivals: Arrival[],
  companies: Map<string, string>,
  gusto: RateWindow,
  budget: RateWindow,
): AccountRate[] {
  return [...companies].map(([uuid, name]) => {
    const mine = arrivals.filter((a) => a.company_uuid === uuid && a.path.startsWith('/v1/'));
    const counted = mine.filter((a) => a.status !== 429).map((a) => a.at_ms);
    const limited = mine.filter((a) => a.status === 429 && a.retry_after !== null);

    return {
      company: name,
      requests: counted.length,
      peak: peakInWindow(counted, gusto.window_ms),
      peak_budget: peakInWindow(counted, budget.window_ms),
      mean_rps: meanRate(counted),
      limiter_429: limited.length,
      injected_429: mine.filter((a) => a.status === 429 && a.retry_after === null).length,
      repeated_429: repeats(
        limited.map((a) => a.at_ms),
        gusto.window_ms,
      ),
    };
  });
}

/** The most instants inside any half-open span `(t - window_ms, t]`, as a rolling limiter counts. */
export function peakInWindow(instants: number[], window_ms: number): number {
  const sorted = [...instants].sort((a, b) => a - b);
  let peak = 0;
  let first = 0;
  for (let i = 0; i < sorted.length; i++) {
    while ((sorted[first] ?? 0) <= (sorted[i] ?? 0) - window_ms) first++;
    peak = Math.max(peak, i - first + 1);
  }

  return peak;
}

function meanRate(instants: number[]): number {
  if (instants.length < 2) return 0;
  const span = Math.max(...instants) - Math.min(...instants);

  return span > 0 ? (instants.length - 1) / (span / 1000) : 0;
}

function repeats(instants: number[], window_ms: number): number {
  const sorted = [...instants].sort((a, b) => a - b);

  return sorted.filter((t, i) => i > 0 && t - (sorted[i - 1] ?? 0) < window_ms).length;
}

/** The report as a Markdown table, with each account's peak against budget and limit. */
export function formatRateTable(rows: AccountRate[], budget: RateWindow, gusto: RateWindow) {
  const budgetRps = budget.limit / (budget.window_ms / 1000);
  const head = [
    `| account | requests | peak in ${budget.window_ms / 1000} s (budget ${budget.limit}) | ` +
      `peak in ${gusto.window_ms / 1000} s (Gusto limit ${gusto.limit}) | ` +
      `mean req/s (budget ${budgetRps.toFixed(1)}) | mean of budget | 429 limiter / injected |`,
    '|---|---|---|---|---|---|---|',
  ];
  const lines = rows.map(
    (r) =>
      `| ${r.company} | ${r.requests} | ${r.peak_budget} | ${r.peak} | ${r.mean_rps.toFixed(2)} | ` +
      `${Math.round((100 * r.mean_rps) / budgetRps)}% | ${r.limiter_429} / ${r.injected_429} |`,
  );

  return [...head, ...lines].join('\n');
}
