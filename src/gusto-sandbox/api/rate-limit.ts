/** What the limiter decided for one request, with what the `X-RateLimit-*` headers report. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds at which the oldest counted request leaves the window (a slot frees). */
  reset_at: number;
  /** Whole seconds until a slot frees; at least 1 when refused. */
  retry_after: number;
}

/**
 * A sliding-log limiter: each key keeps the instants of its requests within the window. Gusto
 * counts "200 requests per minute … 60 second rolling window at an OAuth grant level" (Rate
 * Limits guide), so the key is the grant; a refused request is not counted.
 */
export class SlidingLogLimiter {
  private readonly logs = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly window_ms: number,
  ) {}

  /** Counts a request for `key` at `now_ms` if a slot is free. */
  take(key: string, now_ms: number): RateLimitDecision {
    const log = this.recent(key, now_ms);
    const allowed = log.length < this.limit;
    if (allowed) log.push(now_ms);
    this.logs.set(key, log);

    return this.decision(allowed, log, now_ms);
  }

  private recent(key: string, now_ms: number): number[] {
    const since = now_ms - this.window_ms;

    return (this.logs.get(key) ?? []).filter((at) => at > since);
  }

  private decision(allowed: boolean, log: number[], now_ms: number): RateLimitDecision {
    const oldest = log[0] ?? now_ms;
    const frees_at_ms = oldest + this.window_ms;
    const wait_ms = Math.max(0, frees_at_ms - now_ms);

    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - log.length),
      reset_at: Math.ceil(frees_at_ms / 1000),
      retry_after: Math.max(1, Math.ceil(wait_ms / 1000)),
    };
  }
}
