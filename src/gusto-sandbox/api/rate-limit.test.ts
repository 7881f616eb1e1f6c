import { describe, expect, it } from 'vitest';
import { SlidingLogLimiter } from './rate-limit.js';
import { call, connectCompany, startTestSandbox } from './test-support.js';

describe('SlidingLogLimiter', () => {
  it('frees a slot when the oldest request leaves the rolling window', () => {
    const limiter = new SlidingLogLimiter(2, 60_000);
    limiter.take('g', 0);
    limiter.take('g', 30_000);
    const refused = limiter.take('g', 45_000);
    const freed = limiter.take('g', 60_001);

    expect(refused).toMatchObject({ allowed: false, remaining: 0, retry_after: 15 });
    expect(freed).toMatchObject({ allowed: true, remaining: 0 });
  });
});

describe('rate limit per grant', () => {
  it('answers 429 with Retry-After past the limit, and X-RateLimit-* on every answer', async () => {
    const sandbox = startTestSandbox({ rateLimit: { limit: 3, window_ms: 60_000 } });
    const acme = connectCompany(sandbox.ctx.store, 'Acme');
    const other = connectCompany(sandbox.ctx.store, 'Other');
    const path = `/v1/companies/${acme.company.uuid}`;
    const answers = [];
    for (let i = 0; i < 4; i += 1)
      answers.push(await call(sandbox, 'GET', path, { token: acme.token }));
    const otherGrant = await call(sandbox, 'GET', `/v1/companies/${other.company.uuid}`, {
      token: other.token,
    });
    sandbox.ctx.store.data.clock_offset_seconds += 61;
    const later = await call(sandbox, 'GET', path, { token: acme.token });

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual([
      '2',
      '1',
      '0',
      '0',
    ]);
    expect(answers[0]?.headers.get('x-ratelimit-limit')).toBe('3');
    expect(Number(answers[0]?.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    expect(answers[0]?.headers.get('retry-after')).toBeNull();
    const limited = answers[3];
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(limited?.body.errors[0].category).toBe('rate_limit_exceeded');
    expect(otherGrant.status).toBe(200);
    expect(later.status).toBe(200);
  });
});
