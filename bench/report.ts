import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LatencyResult, LatencyVariant } from './handoff-latency.js';
import type { MemoryResult } from './memory.js';
import type { PagesResult } from './pages.js';
import type { RateCase, RateResult } from './rate-budget.js';

import type { LatencySummary } from './stats.js';

/**
 * Prints the tables of BENCHMARKS.md from the raw results in bench/results, so the published
 * figures are copied from a run, never typed: `npx tsx bench/report.ts`; `--quick` prints those
 * of the quick pass (`*-quick.json`) instead.
 */

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const SUFFIX = process.argv.includes('--quick') ? '-quick' : '';

function read<T>(name: string): { dialect: string; result: T }[] {
  return ['sqlite', 'postgres'].flatMap((dialect) => {
    const file = `${RESULTS}${name}-${dialect}${SUFFIX}.json`;
    if (!fs.existsSync(file)) return [];
    const body = JSON.parse(fs.readFileSync(file, 'utf8')) as { result: T };
    return [{ dialect, result: body.result }];
  });
}

type Cell = string | number | null | undefined;

function table(head: string[], rows: Cell[][]): string {
  const line = (cells: Cell[]) => `| ${cells.map((c) => c ?? '–').join(' | ')} |`;

  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? null : `${(x * 100).toFixed(1)}%`;

// Results written before a figure existed lack it; their cells print as "–".
const pair = (s: LatencySummary | undefined) => (s ? `${s.p50_ms} / ${s.p99_ms}` : null);

function latencyTables(): string {
  const results = read<LatencyResult>('latency');
  const variants = results.flatMap(({ dialect, result }) =>
    result.variants.map((v) => ({ dialect, v })),
  );
  const both = (app: Cell, server: Cell) => `${app ?? '–'} / ${server ?? '–'}`;
  const toPerson = table(
    [
      'database',
      'answer ms',
      'click after',
      'hires',
      'to person p50/p99 ms',
      'in sandbox p50 ms (handlers / server)',
      "Hirebridge's own p50/p99 ms (handlers)",
      "Hirebridge's own p50/p99 ms (server)",
      'Hirebridge share (handlers / server)',
    ],
    variants.map(({ dialect, v }) => [
      dialect,
      v.answer_ms ?? 0,
      clickAfter(v),
      v.hires,
      pair(v.to_person_in_gusto),
      both(v.in_sandbox_to_person?.p50_ms, v.server_boundary?.in_sandbox_to_person.p50_ms),
      pair(v.hirebridge_ms_to_person),
      pair(v.server_boundary?.hirebridge_ms_to_person),
      both(pct(v.hirebridge_share_to_person), pct(v.server_boundary?.hirebridge_share_to_person)),
    ]),
  );
  const toAdded = table(
    [
      'database',
      'answer ms',
      'poll ms',
      'click after',
      'to added p50/p99 ms',
      'queue wait p50/p99 ms',
      'handler run p50/p99 ms',
      'in sandbox p50 ms (handlers / server)',
      "Hirebridge's own p50/p99 ms (handlers)",
      "Hirebridge's own p50/p99 ms (server)",
      'Hirebridge share (handlers / server)',
      'Gusto calls per hire',
      'DB queries per hire',
    ],
    variants.map(({ dialect, v }) => [
      dialect,
      v.answer_ms ?? 0,
      v.poll_ms,
      clickAfter(v),
      pair(v.to_added),
      pair(v.queue_wait),
      pair(v.handler_run),
      both(v.in_sandbox.p50_ms, v.server_boundary?.in_sandbox.p50_ms),
      pair(v.hirebridge_ms),
      pair(v.server_boundary?.hirebridge_ms),
      both(pct(v.hirebridge_share), pct(v.server_boundary?.hirebridge_share)),
      `${v.gusto_calls.per_hire} (fewest ${v.fewest_calls_per_hire})`,
      v.db_queries_per_hire,
    ]),
  );

  return [
    `To the person in Gusto:\n\n${toPerson}`,
    `To the hand-off added (every step):\n\n${toAdded}`,
    httpFloorTable(results),
  ].join('\n\n');
}

/** The pause before each click: a random part of a poll, or a quiet of whole seconds. */
function clickAfter(v: LatencyVariant): string {
  if (v.quiet_ms) return `${v.quiet_ms / 1000} s quiet`;

  return `0–${v.poll_ms / 1000} s`;
}

function httpFloorTable(results: { dialect: string; result: LatencyResult }[]): string {
  const rows = results.flatMap(({ dialect, result }) =>
    result.variants.flatMap((v) => {
      const f = v.http_floor;
      if (!f) return [];
      return [
        [
          dialect,
          `${f.operation} x ${f.calls_per_round}`,
          f.rounds,
          `${f.in_sandbox.p50_ms} / ${f.in_sandbox_server?.p50_ms ?? '–'}`,
          pair(f.total),
          pair(f.own_ms),
          pair(f.own_ms_server),
          `${pct(f.share)} / ${pct(f.share_server) ?? '–'}`,
        ],
      ];
    }),
  );

  return table(
    [
      'HTTP floor (answer 0 ms)',
      'calls per round',
      'rounds',
      'in sandbox p50 ms (handlers / server)',
      'total p50/p99 ms',
      'own p50/p99 ms (handlers)',
      'own p50/p99 ms (server)',
      'share (handlers / server)',
    ],
    rows,
  );
}

/** Accepted calls/s of the allowed calls/s; results from before these figures lack them. */
function rateOf(c: RateCase): string | null {
  if (c.calls_per_s === undefined || c.calls_per_s === null) return null;

  return `${c.calls_per_s} of ${c.allowed_calls_per_s}`;
}

function rateTable(): string {
  const rows = read<RateResult>('rate').flatMap(({ dialect, result }) =>
    result.cases.map((c) => [
      dialect,
      c.kind ?? 'budget',
      c.accounts,
      `${c.sandbox_limit.limit} per ${c.sandbox_limit.window_ms / 1000} s`,
      c.handoffs,
      c.drained ? 'yes' : `no (${c.handoffs_added} added)`,
      c.duration_s,
      c.api_calls,
      rateOf(c),
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
      'case',
      'accounts',
      'window per grant',
      'queued',
      'drained',
      'measured s',
      'API calls',
      'calls/s of allowed',
      'full windows',
      'accepted per window',
      'of the limit',
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
