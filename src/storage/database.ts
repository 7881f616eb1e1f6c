import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import { preparingPool } from './prepared.js';
import type { Database } from './schema.js';

/** Which SQL engine a storage runs on. */
export type DialectName = 'sqlite' | 'postgres';

/** An open database with its dialect, so the few engine-specific queries can branch. */
export interface Storage {
  db: Kysely<Database>;
  dialect: DialectName;
  /**
   * PostgreSQL only (SQLite has no notifications): LISTENs on `channel` over a connection of its
   * own, never one of the pool's, and passes each notification's payload to `onNotify`. Rejects
   * when it cannot connect; the caller decides whether and when to try again.
   */
  listen?(channel: string, onNotify: (payload: string) => void): Promise<Listening>;
  /** Closes the database and every `listen` connection still open. */
  close(): Promise<void>;
}

/** A LISTEN held on a dedicated connection. */
export interface Listening {
  /**
   * Settles once the connection is gone: with the error that ended it, or with null after
   * `close()` or the storage's own `close()`. On an already closed storage it is null at once.
   */
  ended: Promise<Error | null>;
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

/**
 * The connection pool's sizes. A recruiter's click after a quiet spell sends two statements at
 * once, and its run two more. By pg's default every connection idle for 10 s is closed, which
 * left only the one the worker's poll keeps busy, and opening one costs about 5 ms on a local
 * server, several times a statement, and loses what it had prepared. So `min` connections stay
 * open however long they idle; TCP keepalive finds out one lost without a word, and keeps
 * network devices that forget quiet connections seeing traffic.
 */
const POOL = {
  max: 10,
  min: 4,
  keepAlive: true,
  keepAliveInitialDelayMillis: 60_000,
  // Kept connections alone do not hold a process open that has nothing else left to do.
  allowExitOnIdle: true,
};

function openPostgres(url: string): Storage {
  const pool = new pg.Pool({ connectionString: url, ...POOL });
  // An idle client can lose its server (restart, failover, a test dropping its database); pg then
  // emits 'error' on the pool, which would crash the process without a listener. The pool drops
  // that client and the next query opens a new one, so there is nothing more to do here.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  const listening = new Set<Listening>();
  let closed = false;
  const listen = (channel: string, onNotify: (payload: string) => void) => {
    if (closed) return Promise.resolve(alreadyClosed);

    return listenOn(url, channel, onNotify, listening);
  };
  const close = async () => {
    closed = true;
    await Promise.all([...listening].map((l) => l.close()));
    await db.destroy();
  };

  return { db, dialect: 'postgres', listen, close };
}

const alreadyClosed: Listening = { ended: Promise.resolve(null), close: async () => {} };

/** Connects a client of its own and LISTENs; it stays in `open` until it ends. */
async function listenOn(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  open: Set<Listening>,
): Promise<Listening> {
  // An idle LISTEN connection that died without a word (a host gone, a NAT entry expired) would
  // never learn of it otherwise. TCP keepalive probes it after 30 s of silence, though the OS's
  // probe count and interval still make that minutes (about 11 on Linux's defaults).
  const client = new pg.Client({
    connectionString: url,
    keepAlive: true,
    keepAliveInitialDelayMillis: 30_000,
  });
  const listening = watch(client, () => open.delete(listening));
  open.add(listening);
  client.on('notification', (message) => {
    if (message.channel === channel) onNotify(message.payload ?? '');
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
  } catch (error) {
    await listening.close();
    throw error;
  }

  return listening;
}

/** Settles `ended` on the client's first error or end; pg would crash the process on an error. */
function watch(client: pg.Client, forget: () => void): Listening {
  let closing = false;
  let settle: (error: Error | null) => void = () => {};
  const ended = new Promise<Error | null>((resolve) => {
    settle = (error) => {
      forget();
      resolve(closing ? null : error);
    };
  });
  client.on('error', (error) => settle(error));
  client.on('end', () => settle(new Error('LISTEN connection ended')));
  const close = async () => {
    closing = true;
    await client.end().catch(() => {});
    settle(null);
  };

  return { ended, close };
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
