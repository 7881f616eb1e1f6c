/** How retries spread out: exponential from `base_ms`, never above `cap_ms` (before jitter). */
export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  base_ms: number;
  /** Largest ceiling any retry's delay can reach. */
  cap_ms: number;
}

/** The backoff workers use when not told otherwise: 5 s doubling up to 1 h. */
export const DEFAULT_BACKOFF: BackoffOptions = { base_ms: 5_000, cap_ms: 3_600_000 };

/**
 * When a task that just failed its `attempts`-th attempt runs next. The only place backoff is
 * computed.
 *
 * Full jitter (a uniform delay between 0 and the exponential ceiling) spreads the retries of many
 * tasks that failed together, so they do not return as one burst. A `Retry-After` from the server
 * is a floor: we never come back sooner than asked (RFC 9110 §10.2.3).
 */
export function nextRunAt(
  attempts: number,
  backoff: BackoffOptions,
  retryAfterSeconds?: number,
  now: Date = new Date(),
  random: () => number = Math.random,
): Date {
  const exponent = Math.max(0, attempts - 1);
  const ceiling = Math.min(backoff.cap_ms, backoff.base_ms * 2 ** exponent);
  const jittered = Math.floor(random() * ceiling);
  const floor = Math.max(0, (retryAfterSeconds ?? 0) * 1000);

  return new Date(now.getTime() + Math.max(jittered, floor));
}
