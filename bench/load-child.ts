import http from 'node:http';

/**
 * A small HTTP load generator, run as its own process so it does not share an event loop with
 * the server: `connections` keep-alive connections each send the next path as soon as the last
 * answer is read, for `seconds`. Prints one JSON line with every latency.
 */

/** One page to load: the paths are requested in turn. */
export interface LoadTarget {
  name: string;
  paths: string[];
}

/** What the parent asks for (first argument, JSON): the targets are loaded one after another. */
export interface LoadInput {
  base: string;
  targets: LoadTarget[];
  cookie: string;
  connections: number;
  seconds: number;
}

/** What the child prints for each target. */
export interface LoadOutput {
  name: string;
  requests: number;
  errors: number;
  elapsed_s: number;
  latencies_ms: number[];
}

function get(agent: http.Agent, url: URL, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { cookie } }, (response) => {
      response.on('data', () => {});
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

async function connectionLoop(
  input: LoadInput,
  target: LoadTarget,
  agent: http.Agent,
  until: number,
  out: LoadOutput,
) {
  let next = Math.floor(Math.random() * target.paths.length);
  while (performance.now() < until) {
    const url = new URL(target.paths[next % target.paths.length] ?? '/', input.base);
    next += 1;
    const started = performance.now();
    const status = await get(agent, url, input.cookie).catch(() => 0);
    out.latencies_ms.push(performance.now() - started);
    out.requests += 1;
    if (status !== 200) out.errors += 1;
  }
}

async function load(input: LoadInput, target: LoadTarget): Promise<LoadOutput> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.connections });
  const out = { name: target.name, requests: 0, errors: 0, elapsed_s: 0, latencies_ms: [] };
  const started = performance.now();
  const until = started + input.seconds * 1000;
  const loops = Array.from({ length: input.connections }, () =>
    connectionLoop(input, target, agent, until, out),
  );
  await Promise.all(loops);
  out.elapsed_s = (performance.now() - started) / 1000;
  agent.destroy();

  return out;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as LoadInput;
  const outputs: LoadOutput[] = [];
  for (const target of input.targets) outputs.push(await load(input, target));
  process.stdout.write(`${JSON.stringify(outputs)}\n`);
}

void main();
