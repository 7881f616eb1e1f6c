import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './error-from-response.js';
import { GustoNotFoundError, GustoRateLimitedError, GustoServerError } from './errors.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './retry.js';

const GET = { method: 'GET', path: '/v1/jobs/{job_id}', requestId: null };

describe('parseRetryAfter', () => {
  const now = new Date('2026-06-15T12:00:00Z');

  it.each([
    ['30', 30],
    [' 0 ', 0],
    ['Mon, 15 Jun 2026 12:00:45 GMT', 45],
    ['Mon, 15 Jun 2026 11:00:00 GMT', 0],
    ['soon', null],
    ['-5', null],
    [null, null],
  ])('reads %j as %j seconds', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});

describe('retryDelayMs', () => {
  const limited = (s: number | null) =>
    new GustoRateLimitedError({ ...GET, status: 429, retryAfterSeconds: s });
  const failed = new GustoServerError({ ...GET, status: 503, retryAfterSeconds: null });

  it('waits a short Retry-After and hands a long one back to the caller', () => {
    expect(retryDelayMs(limited(2), 0)).toBe(2000);
    expect(retryDelayMs(limited(30), 0)).toBeNull();
  });

  it('backs off exponentially with full jitter', () => {
    expect(retryDelayMs(failed, 0, DEFAULT_RETRY_POLICY, () => 0.999)).toBe(249);
    expect(retryDelayMs(failed, 1, DEFAULT_RETRY_POLICY, () => 0.999)).toBe(499);
    expect(retryDelayMs(failed, 1, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
  });

  it('stops after two retries and never retries a non-transient error', () => {
    expect(retryDelayMs(failed, 2)).toBeNull();
    expect(retryDelayMs(new GustoNotFoundError({ ...GET, status: 404 }), 0)).toBeNull();
    expect(retryDelayMs(new Error('bug'), 0)).toBeNull();
  });
});
