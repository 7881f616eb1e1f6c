import { describe, expect, it } from 'vitest';
import { testDialects } from '../test/databases.js';
import { benchHandoffLatency } from './handoff-latency.js';
import { benchMemory } from './memory.js';
import { planFrom, SIZES } from './options.js';
import { benchPages } from './pages.js';
import { benchRateBudget } from './rate-budget.js';
import { machine } from './run.js';

// The bench at tiny sizes, so it keeps working as the code changes. Only the shape of the
// results is checked: timings depend on the machine and belong in BENCHMARKS.md, not in tests.
const smoke = SIZES.smoke;
const SLOW = 90_000;

describe.each(testDialects)('bench smoke run (%s)', (dialect) => {
  it(
    'times hand-offs and counts their Gusto calls',
    async () => {
      const result = await benchHandoffLatency(dialect, smoke.latency);
      const [variant] = result.variants;
      expect(variant?.hires).toBe(smoke.latency.hires);
      expect(variant?.to_added.count).toBe(smoke.latency.hires);
      expect(variant?.gusto_calls.by_operation['POST /v1/companies/{id}/employees']).toBe(
        smoke.latency.hires,
      );
      expect(variant?.hirebridge_share).toBeGreaterThanOrEqual(0);
      expect(variant?.hirebridge_share).toBeLessThanOrEqual(1);
    },
    SLOW,
  );

  it(
    'drains queued hand-offs under a scaled rate limit',
    async () => {
      const result = await benchRateBudget(dialect, smoke.rate);
      expect(result.cases.map((c) => c.accounts)).toEqual(smoke.rate.accounts);
      for (const c of result.cases) {
        expect(c.drained).toBe(true);
        expect(c.handoffs_added).toBe(c.handoffs);
        expect(c.api_calls).toBeGreaterThan(0);
        expect(c.calls_429).toBeGreaterThanOrEqual(0);
      }
    },
    SLOW,
  );

  it(
    'loads every page with a signed-in session',
    async () => {
      const result = await benchPages(dialect, smoke.pages);
      expect(result.pages.map((p) => p.name)).toContain('static floor');
      for (const page of result.pages) {
        expect(page.requests).toBeGreaterThan(0);
        expect(page.errors).toBe(0);
      }
      expect(result.queries.length).toBeGreaterThan(0);
    },
    SLOW,
  );

  it(
    'samples a worker process memory and the logger secrets',
    async () => {
      const result = await benchMemory(dialect, smoke.memory);
      expect(result.handoffs_added).toBe(smoke.memory.handoffs);
      expect(result.samples.map((s) => s.label)).toEqual([
        'idle',
        'after 10%',
        'after 50%',
        'after 100%',
      ]);
      expect(result.secrets.issued).toBeGreaterThan(0);
    },
    SLOW,
  );
});

describe('bench options', () => {
  it('reads the mode, the benchmarks and the dialects from the command line', () => {
    const plan = planFrom(['--quick', '--only=rate,pages', '--dialect=sqlite'], {});
    expect(plan).toMatchObject({ mode: 'quick', only: ['rate', 'pages'], dialects: ['sqlite'] });
    expect(planFrom(['--smoke'], {}).write).toBe(false);
    expect(() => planFrom(['--only=nothing'], {})).toThrow(/unknown bench/);
  });

  it('describes the machine', () => {
    expect(machine()).toMatchObject({ cores: expect.any(Number), node: process.version });
  });
});
