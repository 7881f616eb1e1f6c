import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LatencyResult } from './handoff-latency.js';
import type { MemoryResult } from './memory.js';
import type { PagesResult } from './pages.js';
import type { RateResult } from './rate-budget.js';

/**
 * Prints the tables of BENCHMARKS.md from the raw results in bench/results, so the published
 * figures are copied from a run, never typed: `npx tsx bench/report.ts`.
 */

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

function read<T>(name: string): { dialect: string; result: T }[] {
  return ['sqlite', 'postgres'].flatMap((dialect) => {
    const file = `${RESULTS}${name}-${dialect}.json`;
    if (!fs.existsSync(file)) return [];
    const body = JSON.parse(fs.readFileSync(file, 'utf8')) as { result: T };
    return [{ dialect, result: body.result }];
  });
}

function table(head: string[], rows: (string | number | null)[][]): string {
  const line = (cells: (string | number | null)[]) =>
    `| ${cells.map((c) => c ?? '–').join(' | ')} |`;

  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const pct = (x: number | null) => (x === null ? null : `${(x * 100).toFixed(1)}%`);

function latencyTables(): string {
  const rows = read<LatencyResult>('latency').flatMap(({ dialect, result }) =>
    result.variants.map((v) => [
      dialect,
      v.poll_ms,
      v.hires,
      `${v.to_person_in_gusto.p50_ms} / ${v.to_person_in_gusto.p99_ms}`,
      `${v.to_added.p50_ms} / ${v.to_added.p99_ms}`,
      `${v.queue_wait.p50_ms} / ${v.queue_wait.p99_ms}`,
      `${v.handler_run.p50_ms} / ${v.handler_run.p99_ms}`,
      `${v.in_sandbox.p50_ms}`,
      pct(v.hirebridge_share),
      pct(v.hirebridge_share_of_run),
      `${v.gusto_calls.per_hire} (fewest ${v.fewest_calls_per_hire})`,
      v.db_queries_per_hire,
    ]),
  );

  return table(
    [
      'database',
      'poll ms',
      'hires',
      'to person p50/p99 ms',
      'to added p50/p99 ms',
      'queue wait p50/p99 ms',
      'handler run p50/p99 ms',
      'in sandbox p50 ms',
      'Hirebridge share',
      'share of the run',
      'Gusto calls per hire',
      'DB queries per hire',
    ],
    rows,
  );
}

function rateTable(): string {
  const rows = read<RateResult>('rate').flatMap(({ dialect, result }) =>
    result.cases.map((c) => [
      dialect,
      c.accounts,
      c.handoffs,
      c.drained ? 'yes' : `no (${c.handoffs_added} added)`,
      c.duration_s,
      c.api_calls,
      c.full_windows,
      c.achieved_per_window,
      pct(c.utilization),
      pct(c.min_window_utilization),
      c.calls_429,
      c.by_status['409'] ?? 0,
      Object.entries(c.handler_outcomes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ]),
  );

  return table(
    [
      'database',
      'accounts',
      'queued',
      'drained',
      'measured s',
      'API calls',
      'full windows',
      'accepted per window',
      'of 200',
      'emptiest window',
      '429s',
      '409s',
      'handler runs',
    ],
    rows,
  );
}

function pagesTables(): string {
  return read<PagesResult>('pages')
    .map(({ dialect, result }) => {
      const pages = table(
        ['page', 'requests/s', 'p50 ms', 'p99 ms', 'errors'],
        result.pages.map((p) => [p.name, p.requests_per_s, p.p50_ms, p.p99_ms, p.errors]),
      );
      const queries = table(
        ['query alone (in process)', 'p50 ms', 'p99 ms'],
        result.queries.map((q) => [q.name, q.p50_ms, q.p99_ms]),
      );
      const heading = `${dialect}, ${result.candidates} candidates (seeded in ${result.seed_s} s)`;
      return `${heading}\n\n${pages}\n\n${queries}`;
    })
    .join('\n\n');
}

function memoryTables(): string {
  return read<MemoryResult>('memory')
    .map(({ dialect, result }) => {
      const samples = table(
        ['sample (after GC)', 'RSS MiB', 'heap used MiB'],
        result.samples.map((s) => [s.label, s.rss_mib, s.heap_used_mib]),
      );
      const s = result.secrets;
      return [
        `${dialect}: ${result.handoffs_added} hand-offs in ${result.duration_s} s`,
        samples,
        `second half growth: RSS ${result.rss_growth_second_half_mib} MiB, ` +
          `heap ${result.heap_growth_second_half_mib} MiB; ` +
          `access tokens issued ${s.issued}, still held by the logger ${s.held}; ` +
          `redaction ${s.redact_us_per_line} µs per line, ` +
          `${s.redact_us_per_line_after_synthetic} µs after ` +
          `${s.synthetic_tokens} more tokens, ${s.heap_bytes_per_token} bytes of heap each`,
      ].join('\n\n');
    })
    .join('\n\n');
}

process.stdout.write(
  `${[latencyTables(), rateTable(), pagesTables(), memoryTables()].join('\n\n---\n\n')}\n`,
);
