import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { createAccount, createUser } from '../src/accounts/accounts.js';
import { createSession } from '../src/accounts/sessions.js';
import {
  countCandidates,
  type ListCursor,
  listCandidates,
} from '../src/candidates/candidate-list.js';
import { STAGES } from '../src/candidates/stages.js';
import { loadConfig } from '../src/config/config.js';
import type { DialectName } from '../src/storage/database.js';
import { createApp } from '../src/web/app.js';
import { startServer } from '../src/web/server.js';
import { SESSION_COOKIE } from '../src/web/session-cookie.js';
import { createTestStorage, type TestStorage } from '../test/databases.js';
import { discardingLogger } from './gusto-setup.js';
import type { LoadInput, LoadOutput, LoadTarget } from './load-child.js';
import { round, summarize } from './stats.js';

/** Sizes of the pages bench. */
export interface PagesOptions {
  candidates: number;
  /** Load time per page. */
  seconds: number;
  connections: number;
}

/** Load figures of one page. */
export interface PageFigures {
  name: string;
  path: string;
  requests: number;
  errors: number;
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
}

/** Time of the list's query alone (in-process, no HTTP, no rendering). */
export interface QueryFigures {
  name: string;
  p50_ms: number;
  p99_ms: number;
}

/** The pages bench's result on one database. */
export interface PagesResult {
  benchmark: 'pages';
  dialect: DialectName;
  candidates: number;
  seed_s: number;
  load: { generator: 'node child process'; connections: number; seconds: number };
  pages: PageFigures[];
  queries: QueryFigures[];
}

const LAST_NAMES = ['Okafor', 'Lindqvist', 'Nakamura', 'García', 'Smith', 'Novak', "O'Brien"];
const FIRST_NAMES = ['Ada', 'Grace', 'Zoë', 'Linus', 'Mei', 'Omar', 'Priya', 'Tomás', 'Ivy'];
const LOAD_CHILD = fileURLToPath(new URL('./load-child.ts', import.meta.url));

/** Seeds one account with `candidates` candidates, then loads list, search and profile pages. */
export async function benchPages(dialect: DialectName, options: PagesOptions) {
  const storage = await createTestStorage(dialect);
  try {
    const seeded = performance.now();
    const world = await seed(storage, options.candidates);
    const seed_s = round((performance.now() - seeded) / 1000);
    const pages = await loadPages(storage, world, options);
    const queries = await timeQueries(storage, world);

    return {
      benchmark: 'pages',
      dialect,
      candidates: options.candidates,
      seed_s,
      load: {
        generator: 'node child process',
        connections: options.connections,
        seconds: options.seconds,
      },
      pages,
      queries,
    } satisfies PagesResult;
  } finally {
    await storage.close();
  }
}

interface World {
  accountId: string;
  cookie: string;
  candidateIds: string[];
  deepPage: number;
  /** The cursor a Next link on page `deepPage - 1` carries. */
  deepCursor: ListCursor;
}

async function seed(storage: TestStorage, count: number): Promise<World> {
  const account = await createAccount(storage.db, { name: 'Bench Co', plan: 'scale' });
  const user = await createUser(storage.db, {
    accountId: account.id,
    email: `recruiter-${account.id}@example.test`,
    name: 'Bench Recruiter',
    role: 'admin',
    password: 'bench-password-not-used',
  });
  const jobIds = await seedJobs(storage, account.id);
  const candidateIds = await seedCandidates(storage, account.id, jobIds, count);
  // PostgreSQL's autovacuum analyzes a table this changed within a minute of the inserts; the
  // load starts sooner, so the bench analyzes it now. SQLite has no such daemon and is left as is.
  if (storage.dialect === 'postgres') await sql`analyze candidates`.execute(storage.db);
  const session = await createSession(storage.db, user);
  const deepPage = Math.max(2, Math.floor(count / 25 / 2));

  return {
    accountId: account.id,
    cookie: `${SESSION_COOKIE}=${session.token}`,
    candidateIds: candidateIds.slice(0, 200),
    deepPage,
    deepCursor: await cursorBefore(storage, account.id, deepPage),
  };
}

/** The last row of the page before `page`: where that page's Next link starts. */
async function cursorBefore(storage: TestStorage, accountId: string, page: number) {
  const position = { from: 'offset', offset: (page - 1) * 25 - 1 } as const;
  const { items } = await listCandidates(storage, accountId, {}, position, 1);
  if (!items[0]) throw new Error(`the bench account has no page ${page}`);

  return { created_at: items[0].created_at, id: items[0].id };
}

async function seedJobs(storage: TestStorage, account_id: string): Promise<string[]> {
  const now = new Date().toISOString();
  const jobs = Array.from({ length: 12 }, (_, i) => ({
    id: crypto.randomUUID(),
    account_id,
    title: `Role ${i + 1}`,
    department: 'Engineering',
    location: 'Remote',
    employment_type: 'full_time' as const,
    status: 'open' as const,
    created_at: now,
    updated_at: now,
  }));
  await storage.db.insertInto('jobs').values(jobs).execute();

  return jobs.map((j) => j.id);
}

/** Inserts candidates in batches of 500, one instant apart each, newest last. */
async function seedCandidates(
  storage: TestStorage,
  account_id: string,
  jobIds: string[],
  count: number,
): Promise<string[]> {
  const start = Date.parse('2024-01-01T00:00:00Z');
  const ids: string[] = [];
  for (let from = 0; from < count; from += 500) {
    const rows = Array.from({ length: Math.min(500, count - from) }, (_, k) => {
      const i = from + k;
      const at = new Date(start + i * 60_000).toISOString();
      const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Ada';
      const last = `${LAST_NAMES[i % LAST_NAMES.length] ?? 'Smith'}${i % 97}`;
      return {
        id: crypto.randomUUID(),
        account_id,
        job_id: jobIds[i % jobIds.length] ?? null,
        first_name: first,
        last_name: last,
        preferred_name: null,
        email: `${first}.${i}@example.test`.toLowerCase(),
        phone: null,
        stage: STAGES[i % STAGES.length] ?? 'new',
        created_at: at,
        updated_at: at,
      };
    });
    await storage.db.insertInto('candidates').values(rows).execute();
    ids.push(...rows.map((r) => r.id));
  }

  return ids;
}

async function loadPages(storage: TestStorage, world: World, options: PagesOptions) {
  const config = loadConfig({ NODE_ENV: 'test', HIREBRIDGE_DATA_DIR: '/nonexistent' });
  const app = createApp({
    storage,
    config,
    logger: discardingLogger(),
    // The floor: a plain answer from the same server, through the same middleware.
    extensions: [(a) => a.get('/bench/static', (c) => c.text('ok'))],
  });
  const server = await startServer(app, { host: '127.0.0.1', port: 0 });
  const deepCursor = `${world.deepCursor.created_at}_${world.deepCursor.id}`;
  const targets: LoadTarget[] = [
    { name: 'static floor', paths: ['/bench/static'] },
    { name: 'candidate list, page 1', paths: ['/candidates'] },
    {
      name: `candidate list, page ${world.deepPage} (Next link)`,
      paths: [`/candidates?after=${encodeURIComponent(deepCursor)}&page=${world.deepPage}`],
    },
    {
      name: `candidate list, page ${world.deepPage} (old ?page= link)`,
      paths: [`/candidates?page=${world.deepPage}`],
    },
    { name: 'search, one word (`nakamura42`)', paths: ['/candidates?q=nakamura42'] },
    { name: 'search, no match', paths: ['/candidates?q=nobody-matches'] },
    { name: 'search, a word every candidate has (`example`)', paths: ['/candidates?q=example'] },
    { name: 'search, two letters, no match (`zq`)', paths: ['/candidates?q=zq'] },
    { name: 'profile', paths: world.candidateIds.map((id) => `/candidates/${id}`) },
  ];
  try {
    return await loadAll({ base: server.url, targets, cookie: world.cookie, ...options });
  } finally {
    await server.close();
  }
}

const execFileAsync = promisify(execFile);

/** Runs the load generator in its own process over every target, one after another. */
async function loadAll(input: LoadInput): Promise<PageFigures[]> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', LOAD_CHILD, JSON.stringify(input)],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const outputs = JSON.parse(stdout) as LoadOutput[];

  return outputs.map((out, i) => {
    const latency = summarize(out.latencies_ms);
    return {
      name: out.name,
      path: input.targets[i]?.paths[0] ?? '',
      requests: out.requests,
      errors: out.errors,
      requests_per_s: round(out.requests / out.elapsed_s),
      p50_ms: latency.p50_ms,
      p99_ms: latency.p99_ms,
    };
  });
}

/** The list's queries alone, as the page runs them: one page, then the total up to 10,000. */
async function timeQueries(storage: TestStorage, world: World): Promise<QueryFigures[]> {
  const start = { from: 'start' } as const;
  const deep = { from: 'after', cursor: world.deepCursor } as const;
  const cases: [string, () => Promise<unknown>][] = [
    ['list page 1', () => listCandidates(storage, world.accountId, {}, start, 25)],
    [
      `list page ${world.deepPage} by cursor`,
      () => listCandidates(storage, world.accountId, {}, deep, 25),
    ],
    ['count up to 10,000', () => countCandidates(storage, world.accountId, {}, 10_000)],
    [
      'search one word, page',
      () => listCandidates(storage, world.accountId, { q: 'nakamura42' }, start, 25),
    ],
    [
      'search one word, count',
      () => countCandidates(storage, world.accountId, { q: 'nakamura42' }, 10_000),
    ],
    [
      'search a word every candidate has (`example`), page',
      () => listCandidates(storage, world.accountId, { q: 'example' }, start, 25),
    ],
    [
      'search a word every candidate has (`example`), count',
      () => countCandidates(storage, world.accountId, { q: 'example' }, 10_000),
    ],
    [
      'search a word one candidate in nine has (`grace`), page',
      () => listCandidates(storage, world.accountId, { q: 'grace' }, start, 25),
    ],
    [
      'search a word one candidate in nine has (`grace`), count',
      () => countCandidates(storage, world.accountId, { q: 'grace' }, 10_000),
    ],
    [
      'search two letters no match, page',
      () => listCandidates(storage, world.accountId, { q: 'zq' }, start, 25),
    ],
    ['`count(*)` of the account (no longer run)', () => countAll(storage, world.accountId)],
  ];
  const figures: QueryFigures[] = [];
  for (const [name, run] of cases) figures.push(await timeQuery(name, run));

  return figures;
}

function countAll(storage: TestStorage, accountId: string) {
  return storage.db
    .selectFrom('candidates')
    .where('account_id', '=', accountId)
    .select((eb) => eb.fn.countAll().as('n'))
    .execute();
}

async function timeQuery(name: string, run: () => Promise<unknown>): Promise<QueryFigures> {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  const s = summarize(times);

  return { name, p50_ms: s.p50_ms, p99_ms: s.p99_ms };
}
