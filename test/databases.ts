import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  type DialectName,
  migrateToLatest,
  openStorage,
  type Storage,
} from '../src/storage/database.js';

/** The dialects every storage and route test runs on: SQLite always, PostgreSQL when configured. */
export const testDialects: DialectName[] = process.env.TEST_DATABASE_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];

/** A migrated, empty database of its own for one test file, removed by `close()`. */
export interface TestStorage extends Storage {
  /** How another process can open the same database (a PostgreSQL URL or a SQLite file). */
  target: { databaseUrl: string } | { sqliteFile: string };
}

/** Creates a fresh database: a temporary SQLite file, or a new PostgreSQL database. */
export async function createTestStorage(dialect: DialectName): Promise<TestStorage> {
  const storage = dialect === 'sqlite' ? await freshSqlite() : await freshPostgres();
  await migrateToLatest(storage);

  return storage;
}

async function freshSqlite(): Promise<TestStorage> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebridge-test-'));
  const sqliteFile = path.join(dir, 'test.sqlite');
  const storage = openStorage({ sqliteFile });
  const close = async () => {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };

  return { ...storage, close, target: { sqliteFile } };
}

async function freshPostgres(): Promise<TestStorage> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `hb_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const storage = openStorage({ databaseUrl });
  const close = async () => {
    await storage.close();
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };

  return { ...storage, close, target: { databaseUrl } };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
