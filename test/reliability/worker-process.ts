import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER_MAIN = path.join(ROOT, 'src/worker/main.ts');

/** Variables of the test's own environment a worker must not inherit (they would redirect it). */
const INHERITED_BLOCKLIST = [
  'DATABASE_URL',
  'HIREBRIDGE_DATA_DIR',
  'HIREBRIDGE_SECRET_KEY',
  'GUSTO_CLIENT_ID',
  'GUSTO_CLIENT_SECRET',
  'GUSTO_BASE_URL',
  'GUSTO_SANDBOX_PORT',
  'GUSTO_RATE_BUDGET',
  'WORKER_LOCK_MS',
  'LOG_LEVEL',
  'PORT',
  'PUBLIC_URL',
];

/** Every worker still running, so a failed or timed-out test leaves none behind. */
const live = new Set<WorkerProcess>();

/** The children themselves, for the synchronous kill when the test process exits. */
const children = new Set<{ kill(signal: NodeJS.Signals): boolean }>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** SIGKILLs every worker this test file started that is still running. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...live].map((w) => w.kill()));
}

/** A running `npm run worker` process. */
export interface WorkerProcess {
  pid: number;
  /** Settles once the worker logged that it runs. */
  ready: Promise<void>;
  /** Settles with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything it printed so far. */
  output(): string;
  /** SIGKILL: no clean-up of any kind, as a crash or an out-of-memory kill. */
  kill(): Promise<void>;
  /** SIGTERM: lets tasks in hand finish, then exits. */
  stop(): Promise<number | null>;
}

/** Starts `src/worker/main.ts` (what `npm run worker` runs) with the given environment. */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_MAIN], {
    cwd: ROOT,
    env: { ...baseEnv(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = readyWhenRunning(child, (text) => {
    out += text;
    return out;
  });
  // A worker killed or failing before it is ready is the caller's to see, if it waits for ready.
  ready.catch(() => undefined);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const worker: WorkerProcess = {
    pid: child.pid ?? -1,
    ready,
    exited,
    output: () => out,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
  live.add(worker);
  children.add(child);
  void exited.then(() => {
    live.delete(worker);
    children.delete(child);
  });

  return worker;
}

/** Runs a worker with the given environment to its end; answers its exit code and output. */
export async function runWorkerToExit(env: Record<string, string>) {
  const worker = spawnWorker(env);
  const code = await worker.exited;

  return { code, output: worker.output() };
}

function readyWhenRunning(
  child: ChildProcessByStdio<null, Readable, Readable>,
  append: (text: string) => string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (append(chunk.toString()).includes('"msg":"hand-off worker running"')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => append(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited (${String(code)}) before ready`)));
  });
}

function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of INHERITED_BLOCKLIST) delete env[name];

  return env;
}
