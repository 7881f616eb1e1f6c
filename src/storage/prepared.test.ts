import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import type { DialectName } from './database.js';
import { KEEP_PREPARED, keepPrepared, prepared } from './prepared.js';
import type { Database } from './schema.js';

// The tests' own table, outside the schema's types.
// biome-ignore lint/suspicious/noExplicitAny: a table the schema does not know.
const anyDb = (db: Kysely<Database>) => db as unknown as Kysely<any>;

/** A fresh database with the tests' own table of two rows. */
async function storageWithTable(dialect: DialectName): Promise<TestStorage> {
  const storage = await createTestStorage(dialect);
  await sql`create table kept (id integer primary key, name text not null)`.execute(storage.db);
  await sql`insert into kept (id, name) values (1, 'Ada'), (2, 'Grace')`.execute(storage.db);
  return storage;
}

describe.each(testDialects)('statements kept prepared (%s)', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await storageWithTable(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('answers a marked query as the same query unmarked', async () => {
    const db = anyDb(storage.db);
    const query = db.selectFrom('kept').select('name').where('id', '=', 2);
    expect(query.$call(prepared).compile().sql.endsWith(KEEP_PREPARED)).toBe(true);
    for (let run = 0; run < 7; run++) {
      expect(await query.$call(prepared).executeTakeFirst()).toEqual({ name: 'Grace' });
    }
    await db
      .updateTable('kept')
      .set({ name: 'Ada L.' })
      .where('id', '=', 1)
      .$call(prepared)
      .execute();
    const raw = await sql<{
      name: string;
    }>`select name from kept where id = ${1} ${keepPrepared}`.execute(storage.db);
    expect(raw.rows).toEqual([{ name: 'Ada L.' }]);
  });
});

const onPostgres = testDialects.includes('postgres') ? ['postgres' as const] : [];

describe.each(onPostgres)('statements kept prepared on one connection (%s)', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await storageWithTable(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  /** The statements the connection has prepared, by their text. */
  async function preparedOn(conn: Kysely<Database>): Promise<string[]> {
    const { rows } = await sql<{ statement: string }>`
      select statement from pg_prepared_statements order by statement`.execute(conn);
    return rows.map((r) => r.statement);
  }

  const byId = (conn: Kysely<Database>, id: number) =>
    anyDb(conn).selectFrom('kept').selectAll().where('id', '=', id);

  it('prepares a marked statement with values once per connection, and nothing else', async () => {
    await storage.db.connection().execute(async (conn) => {
      await byId(conn, 1).$call(prepared).execute();
      await byId(conn, 2).$call(prepared).execute();
      await byId(conn, 1).execute();
      await sql`select count(*) from kept ${keepPrepared}`.execute(conn);
      const kept = await preparedOn(conn);
      expect(kept).toEqual([byId(conn, 1).$call(prepared).compile().sql]);
    });
  });

  it('runs a marked statement again after a migration changed its table', async () => {
    const pid = await storage.db.connection().execute(async (conn) => {
      const [before] = await byId(conn, 2).$call(prepared).execute();
      expect(before).toEqual({ id: 2, name: 'Grace' });
      // Another connection, as another process's migration would.
      await sql`alter table kept add column title text`.execute(storage.db);
      const [after] = await byId(conn, 2).$call(prepared).execute();
      expect(after).toEqual({ id: 2, name: 'Grace', title: null });
      return backendPid(conn);
    });
    // The connection that held the stale statement is closed once back in the pool.
    await expect.poll(() => isConnected(pid)).toBe(false);
  });

  async function backendPid(conn: Kysely<Database>): Promise<number> {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn);
    return Number(rows[0]?.pid);
  }

  async function isConnected(pid: number): Promise<boolean> {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_stat_activity where pid = ${pid}`.execute(storage.db);
    return Number(rows[0]?.n) > 0;
  }

  it('runs a marked statement again after a migration changed a column type', async () => {
    await sql`alter table kept add column rank integer`.execute(storage.db);
    await sql`update kept set rank = id`.execute(storage.db);
    const byRank = (conn: Kysely<Database>) =>
      anyDb(conn).selectFrom('kept').select('name').where('rank', '=', 2).$call(prepared);
    const pid = await storage.db.connection().execute(async (conn) => {
      expect(await byRank(conn).execute()).toEqual([{ name: 'Grace' }]);
      // The prepared form compares with an integer: "operator does not exist: text = integer".
      await sql`alter table kept alter column rank type text`.execute(storage.db);
      for (let run = 0; run < 2; run++) {
        expect(await byRank(conn).execute()).toEqual([{ name: 'Grace' }]);
      }
      return backendPid(conn);
    });
    await expect.poll(() => isConnected(pid)).toBe(false);
  });

  it('runs a marked statement again after pg failed to encode a value for it', async () => {
    const named = (conn: Kysely<Database>, value: unknown) =>
      sql<{ name: string }>`select name from kept where id = ${2} and ${value}::jsonb is not null
        ${keepPrepared}`.execute(conn);
    await storage.db.connection().execute(async (conn) => {
      // pg records the statement as prepared, though the server closed it.
      await expect(named(conn, { n: 1n })).rejects.toThrow(/BigInt/);
      for (let run = 0; run < 2; run++) {
        expect((await named(conn, { n: 1 })).rows).toEqual([{ name: 'Grace' }]);
      }
    });
  });

  it('fails a transaction whose marked statement went stale, and the next one passes', async () => {
    const read = (db: Kysely<Database>) => byId(db, 1).$call(prepared).executeTakeFirst();
    const conn = storage.db.connection();
    await conn.execute(async (db) => {
      await read(db);
      await sql`alter table kept add column team text`.execute(storage.db);
      await expect(db.transaction().execute((trx) => read(trx))).rejects.toThrow(/cached plan/);
    });
    const row = await storage.db.transaction().execute((trx) => read(trx));
    expect(row).toMatchObject({ id: 1, team: null });
  });

  it('keeps at most a hundred marked statements on a connection', async () => {
    await storage.db.connection().execute(async (conn) => {
      for (let n = 0; n < 110; n++) {
        await sql`select ${n}::integer + ${sql.raw(String(n))} as x ${keepPrepared}`.execute(conn);
      }
      // The connection may hold statements of the tests before; the hundred are all it keeps.
      const kept = await preparedOn(conn);
      expect(kept).toHaveLength(100);
      expect(kept.filter((s) => s.includes('as x')).length).toBeGreaterThan(90);
    });
  });
});
