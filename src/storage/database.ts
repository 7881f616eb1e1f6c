import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

/** Which SQL engine a storage runs on. */
export type DialectName = 'sqlite' | 'postgres';

/** An open database with its dialect, so the few engine-specific queries can branch. */
export interface Storage {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

/** Where to find the database: a PostgreSQL URL, or a SQLite file path. */
export type StorageTarget = { databaseUrl: string } | { sqliteFile: string };

/** Opens the database without migrating it. */
export function openStorage(target: StorageTarget): Storage {
  if ('databaseUrl' in target) return openPostgres(target.databaseUrl);

  return openSqlite(target.sqliteFile);
}

/** Picks PostgreSQL when `DATABASE_URL` is set, otherwise SQLite in the data folder. */
export function storageTargetFor(config: { DATABASE_URL?: string | undefined; dataDir: string }) {
  if (config.DATABASE_URL) return { databaseUrl: config.DATABASE_URL };

  return { sqliteFile: path.join(config.dataDir, 'hirebridge.sqlite') };
}

function openSqlite(file: string): Storage {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Several processes (web, workers) may share the file; wait for the writer instead of failing.
  sqlite.pragma('busy_timeout = 10000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });

  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

function openPostgres(url: string): Storage {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client can lose its server (restart, failover, a test dropping its database); pg then
  // emits 'error' on the pool, which would crash the process without a listener. The pool drops
  // that client and the next query opens a new one, so there is nothing more to do here.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

  return { db, dialect: 'postgres', close: () => db.destroy() };
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(storage: Storage): Promise<void> {
  const migrator = new Migrator({ db: storage.db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed`, { cause: error });
  }
}
