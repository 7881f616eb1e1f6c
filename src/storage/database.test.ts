import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';

describe.each(testDialects)('storage on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('opens, migrates and answers a query', async () => {
    const result = await sql<{ one: number }>`select 1 as one`.execute(storage.db);
    expect(Number(result.rows[0]?.one)).toBe(1);
    expect(storage.dialect).toBe(dialect);
  });
});

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const postgresOnly = testDialects.includes('postgres') ? ['postgres' as const] : [];

describe.each(postgresOnly)('storage on %s in a process of its own', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('lets a process exit that never closed its storage, with nothing left to do', async () => {
    // Four statements at once leave four connections the pool keeps open while idle.
    const script = `
      import { openStorage } from './src/storage/database.ts';
      import { sql } from 'kysely';
      const { db } = openStorage(${JSON.stringify(storage.target)});
      await Promise.all([1, 2, 3, 4].map(() => sql\`select pg_sleep(0.05)\`.execute(db)));
      console.log('queried');`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const timer = setTimeout(() => child.kill(), 20_000);
    const [code] = await once(child, 'exit').finally(() => clearTimeout(timer));
    expect(out).toContain('queried');
    expect(code).toBe(0);
  });
});
