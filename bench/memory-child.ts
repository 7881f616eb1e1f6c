import { createSecretBox } from '../src/crypto/secret-box.js';
import { SEED_APP } from '../src/gusto-sandbox/seed.js';
import { redactValues, registerSecret } from '../src/logging/logger.js';
import { openStorage, type StorageTarget } from '../src/storage/database.js';
import { startHandoffWorker } from '../src/worker/start-handoff-worker.js';
import { discardingLogger } from './gusto-setup.js';

/**
 * A hand-off worker process for the memory bench, run with `--expose-gc`: it works as
 * `npm run worker` does and answers the parent's questions about its memory over IPC.
 */

/** What the parent asks. */
export type ChildRequest =
  | { type: 'sample'; label: string }
  | { type: 'secrets'; issued: string[] }
  | { type: 'stop' };

/** Memory after a full collection, in MiB. */
export interface MemorySample {
  label: string;
  rss_mib: number;
  heap_used_mib: number;
  external_mib: number;
}

/** The worker's setup, passed as the first argument (JSON). */
export interface ChildInput {
  target: StorageTarget;
  baseUrl: string;
  concurrency: number;
  poll_ms: number;
}

const MIB = 1024 * 1024;

async function sample(label: string): Promise<MemorySample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const m = process.memoryUsage();

  return {
    label,
    rss_mib: mib(m.rss),
    heap_used_mib: mib(m.heapUsed),
    external_mib: mib(m.external),
  };
}

function mib(bytes: number): number {
  return Math.round((bytes / MIB) * 10) / 10;
}

/** Microseconds `redactValues` takes for one typical log line, with the secrets held now. */
function redactionMicros(): number {
  const task_id = crypto.randomUUID();
  const line = `{"level":30,"time":${Date.now()},"msg":"task done","task_id":"${task_id}"}`;
  const rounds = 2000;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) redactValues(line);

  return Math.round(((performance.now() - started) * 1000 * 100) / rounds) / 100;
}

/**
 * How many of the access tokens Gusto issued the logger still holds, the redaction cost now,
 * and what each further held token costs (measured by registering synthetic ones).
 */
async function secrets(issued: string[]) {
  const held = issued.filter((t) => redactValues(t) === '[Redacted]').length;
  const micros_now = redactionMicros();
  const before = await sample('before synthetic tokens');
  const synthetic = 10_000;
  for (let i = 0; i < synthetic; i++) registerSecret(`synthetic-${crypto.randomUUID()}-token`);
  const after = await sample('after synthetic tokens');

  return {
    issued: issued.length,
    held,
    redact_us_per_line: micros_now,
    synthetic_tokens: synthetic,
    heap_bytes_per_token: Math.round(
      ((after.heap_used_mib - before.heap_used_mib) * MIB) / synthetic,
    ),
    redact_us_per_line_after_synthetic: redactionMicros(),
  };
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as ChildInput;
  const storage = openStorage(input.target);
  const worker = startHandoffWorker({
    storage,
    settings: { ...SEED_APP, baseUrl: input.baseUrl, fetch: (url, init) => fetch(url, init) },
    secretBox: createSecretBox(Buffer.alloc(32, 7)),
    logger: discardingLogger(),
    concurrency: input.concurrency,
    poll_ms: input.poll_ms,
    handoff: { budget: null },
  });
  process.on('message', (request: ChildRequest) => {
    void answer(request).then((reply) => process.send?.(reply));
  });
  const answer = async (request: ChildRequest) => {
    if (request.type === 'sample') return sample(request.label);
    if (request.type === 'secrets') return secrets(request.issued);
    await worker.stop();
    await storage.close();
    setImmediate(() => process.exit(0));

    return { stopped: true };
  };
  process.send?.({ ready: true });
}

void main();
