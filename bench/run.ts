import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { DialectName } from '../src/storage/database.js';
import { type BenchmarkName, type BenchPlan, planFrom } from './options.js';

/** The machine a run was made on. */
export interface Machine {
  cpu_model: string;
  cores: number;
  memory_gib: number;
  node: string;
  platform: string;
}

/** Reads the CPU model from /proc/cpuinfo, cores and memory from the OS. */
export function machine(): Machine {
  let cpu_model = os.cpus()[0]?.model ?? 'unknown';
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    cpu_model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpu_model;
  } catch {
    // Not Linux: the OS's own CPU name stands.
  }

  return {
    cpu_model,
    cores: os.availableParallelism(),
    memory_gib: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

/**
 * One benchmark on one database; every result names its benchmark and dialect. Each module is
 * loaded only when its benchmark runs, so `--only` runs nothing, and loads nothing, of the others.
 */
export async function runOne(plan: BenchPlan, name: BenchmarkName, dialect: DialectName) {
  switch (name) {
    case 'latency':
      return (await import('./handoff-latency.js')).benchHandoffLatency(
        dialect,
        plan.sizes.latency,
      );
    case 'rate':
      return (await import('./rate-budget.js')).benchRateBudget(dialect, plan.sizes.rate);
    case 'pages':
      return (await import('./pages.js')).benchPages(dialect, plan.sizes.pages);
    case 'memory':
      return (await import('./memory.js')).benchMemory(dialect, plan.sizes.memory);
  }
}

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

/** The 1, 5 and 15 minute load averages: other work on the machine skews every timing. */
function loadAverage(): number[] {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

interface Run {
  name: BenchmarkName;
  dialect: DialectName;
  load_before: number[];
  result: unknown;
}

function save(plan: BenchPlan, run: Run) {
  if (!plan.write) return;
  const { name, dialect, load_before, result } = run;
  fs.mkdirSync(RESULTS, { recursive: true });
  const suffix = plan.mode === 'full' ? '' : `-${plan.mode}`;
  const file = `${RESULTS}${name}-${dialect}${suffix}.json`;
  const load_after = loadAverage();
  const at = new Date().toISOString();
  const body = { machine: machine(), mode: plan.mode, at, load_before, load_after, result };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  process.stdout.write(`  wrote ${file.slice(file.indexOf('bench/'))}\n`);
}

async function main(): Promise<void> {
  const plan = planFrom(process.argv.slice(2));
  const began = performance.now();
  process.stdout.write(`bench (${plan.mode}) on ${plan.dialects.join(', ')}\n`);
  for (const name of plan.only) {
    for (const dialect of plan.dialects) {
      const started = performance.now();
      const load_before = loadAverage();
      process.stdout.write(`- ${name} on ${dialect} (load ${load_before.join(' ')}) ...\n`);
      const result = await runOne(plan, name, dialect);
      const seconds = Math.round((performance.now() - started) / 1000);
      process.stdout.write(`  done in ${seconds} s\n`);
      save(plan, { name, dialect, load_before, result });
    }
  }
  process.stdout.write(`all done in ${Math.round((performance.now() - began) / 1000)} s\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(1);
  });
}
