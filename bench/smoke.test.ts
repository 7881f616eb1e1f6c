import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../src/crypto/secret-box.js';
import { SEED_APP } from '../src/gusto-sandbox/seed.js';
import { createLogger } from '../src/logging/logger.js';
import { startHandoffWorker } from '../src/worker/start-handoff-worker.js';
import { createTestStorage, testDialects } from '../test/databases.js';
import { SHIPPED_WORKER } from './bench-worker.js';
import { benchHandoffLatency } from './handoff-latency.js';
import { benchMemory } from './memory.js';
import { planFrom, SIZES } from './options.js';
import { benchPages } from './pages.js';
import { benchRateBudget, rateCases } from './rate-budget.js';
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
      const { quiet } = smoke.latency;
      // The waves, one per answer time, then the quiet variant.
      expect(result.variants.map((v) => [v.answer_ms, v.quiet_ms])).toEqual([
        ...smoke.latency.answer_ms.map((ms) => [ms, null]),
        [quiet?.answer_ms, quiet?.quiet_ms],
      ]);
      for (const variant of result.variants) {
        const hires = variant.quiet_ms ? quiet?.hires : smoke.latency.hires;
        expect(variant.hires).toBe(hires);
        expect(variant.to_added.count).toBe(hires);
        expect(variant.hirebridge_ms.count).toBe(hires);
        expect(variant.gusto_calls.by_operation['POST /v1/companies/{id}/employees']).toBe(hires);
        expect(variant.hirebridge_share).toBeGreaterThanOrEqual(0);
        expect(variant.hirebridge_share).toBeLessThanOrEqual(1);
        expect(variant.hirebridge_share_to_person).toBeGreaterThan(0);
        expect(variant.hirebridge_share_to_person).toBeLessThanOrEqual(1);
        // The person exists once the employee create answered: its time in the sandbox is in.
        expect(variant.in_sandbox_to_person?.p50_ms).toBeGreaterThan(0);
        // The floor is measured on the instant sandbox only, as many calls as a hire made, once.
        expect(variant.http_floor === null).toBe(variant.answer_ms !== 0 || !!variant.quiet_ms);
      }
      const floor = result.variants.find((v) => v.answer_ms === 0)?.http_floor;
      expect(floor?.calls_per_round).toBe(
        Math.round(result.variants[0]?.gusto_calls.per_hire ?? 0),
      );
      expect(floor?.rounds).toBe(smoke.latency.hires);
      expect(floor?.share).toBeGreaterThanOrEqual(0);
    },
    SLOW,
  );

  it(
    'drains queued hand-offs under a scaled rate limit',
    async () => {
      const result = await benchRateBudget(dialect, smoke.rate);
      expect(result.cases.map((c) => c.accounts)).toEqual(smoke.rate.accounts);
      for (const c of result.cases) {
        expect(c.sandbox_limit.window_ms).toBe(smoke.rate.window_ms * c.accounts);
        // Production's margin below Gusto's 200, in the sandbox's window.
        expect(c.budget).toEqual({
          limit: c.sandbox_limit.limit - 4,
          window_ms: c.sandbox_limit.window_ms,
        });
        expect(c.calls_per_s).toBeGreaterThan(0);
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

  it('reads the latency variants and the rate windows, and refuses a bad number', () => {
    const plan = planFrom(['--answer-ms=0,25', '--poll-ms=10', '--rate-window-ms=1000'], {});
    expect(plan.sizes.latency).toMatchObject({ answer_ms: [0, 25], poll_ms: [10] });
    expect(plan.sizes.rate).toMatchObject({ window_ms: 1000, ceiling_accounts: null });
    expect(planFrom(['--rate-ceiling'], {}).sizes.rate.ceiling_accounts).toBe(10);
    expect(planFrom(['--rate-ceiling=3'], {}).sizes.rate.ceiling_accounts).toBe(3);
    expect(() => planFrom(['--rate-window-ms=0'], {})).toThrow(/rate-window-ms/);
    expect(() => planFrom(['--answer-ms=ten'], {})).toThrow(/answer-ms/);
    expect(planFrom(['--quiet-ms=0'], {}).sizes.latency.quiet).toBeNull();
    expect(planFrom(['--quick', '--quiet-ms=5000'], {}).sizes.latency.quiet).toEqual({
      quiet_ms: 5000,
      hires: 20,
      answer_ms: 100,
    });
    expect(planFrom(['--quiet-ms=9000'], {}).sizes.latency.quiet).toMatchObject({
      quiet_ms: 9000,
      hires: SIZES.full.latency.quiet?.hires,
    });
  });

  it('gives budget cases one total rate and the ceiling case the one-account window', () => {
    const rate = { ...SIZES.full.rate, ceiling_accounts: 10 };
    expect(rateCases(rate)).toEqual([
      { kind: 'budget', accounts: 1, window_ms: 2_000 },
      { kind: 'budget', accounts: 10, window_ms: 20_000 },
      { kind: 'ceiling', accounts: 10, window_ms: 2_000 },
    ]);
  });

  it("runs the worker with startHandoffWorker's own concurrency", async () => {
    const storage = await createTestStorage('sqlite');
    const lines: string[] = [];
    const worker = startHandoffWorker({
      storage,
      settings: {
        ...SEED_APP,
        baseUrl: 'http://127.0.0.1:1',
        fetch: () => Promise.reject(new Error('this test makes no Gusto call')),
      },
      secretBox: createSecretBox(Buffer.alloc(32, 7)),
      logger: createLogger({ level: 'info' }, { write: (line: string) => lines.push(line) }),
    });
    await worker.stop();
    await storage.close();
    const started = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'worker started');
    expect(started?.concurrency).toBe(SHIPPED_WORKER.concurrency);
  });

  it('describes the machine', () => {
    expect(machine()).toMatchObject({ cores: expect.any(Number), node: process.version });
  });
});
