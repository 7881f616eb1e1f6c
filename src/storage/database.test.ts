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
