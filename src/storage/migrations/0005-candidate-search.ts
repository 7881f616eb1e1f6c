import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Candidate list at scale: indexes that serve each list order (all, by stage, by job) in
 * `created_at, id` order, so a page after a cursor reads only its own rows, and a trigram index
 * for search, so a word is found anywhere in a name or email without reading every candidate.
 *
 * SQLite: an FTS5 table with the `trigram` tokenizer, kept in step by triggers, so every writer of
 * `candidates` keeps it current. PostgreSQL: a `pg_trgm` GIN index on the same lower-cased text
 * the search compares; when the extension cannot be created, search still works, by scanning.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await replaceListIndexes(db);
  if (isPostgres(db)) await createTrigramIndex(db);
  else await createSearchTable(db);
}

/** Drops what `up` created and restores the list indexes of 0001. */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) await sql`drop index if exists candidates_search_trgm`.execute(db);
  else await dropSearchTable(db);
  for (const [name, column] of LIST_INDEXES) {
    await db.schema.dropIndex(`${name}_id`).execute();
    await db.schema.createIndex(name).on('candidates').columns(['account_id', column]).execute();
  }
}

// Kysely hands migrations no dialect name; the adapter is the one place that knows.
function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const LIST_INDEXES = [
  ['candidates_account_created', 'created_at'],
  ['candidates_account_stage', 'stage'],
  ['candidates_account_job', 'job_id'],
] as const;

/**
 * Each list filter gets `created_at, id` after its own columns, so the newest-first order and
 * the keyset condition come straight from the index. The old indexes are their prefixes.
 */
async function replaceListIndexes(db: Kysely<unknown>): Promise<void> {
  for (const [name, column] of LIST_INDEXES) {
    const columns = column === 'created_at' ? [column, 'id'] : [column, 'created_at', 'id'];
    await db.schema
      .createIndex(`${name}_id`)
      .on('candidates')
      .columns(['account_id', ...columns])
      .execute();
    await db.schema.dropIndex(name).execute();
  }
}

/**
 * `pg_trgm` is a trusted extension shipped with PostgreSQL, but a server may lack the contrib
 * package or the role the right to create it. A savepoint keeps that failure from aborting the
 * migration's transaction.
 */
async function createTrigramIndex(db: Kysely<unknown>): Promise<void> {
  await sql`savepoint pg_trgm`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm`.execute(db);
  } catch {
    await sql`rollback to savepoint pg_trgm`.execute(db);
    return;
  }
  await sql`release savepoint pg_trgm`.execute(db);

  // The expression is the one `candidate-search.ts` compares; PostgreSQL matches it structurally.
  await sql`create index candidates_search_trgm on candidates using gin ((lower(
    first_name || ' ' || last_name || ' ' || coalesce(preferred_name, '') || ' ' ||
    coalesce(email, ''))) gin_trgm_ops)`.execute(db);
}

/**
 * SQLite: `candidate_search` holds trigrams only (contentless); its integer rowid comes from
 * `candidate_search_keys`, since a candidate's own rowid may change on VACUUM. The tokenizer
 * folds case by Unicode rules, so "ZOË" finds "Zoë".
 */
async function createSearchTable(db: Kysely<unknown>): Promise<void> {
  await sql`create table candidate_search_keys (
    key integer primary key,
    candidate_id text not null unique
  )`.execute(db);
  await sql`create virtual table candidate_search using fts5(
    first_name, last_name, preferred_name, email,
    tokenize = 'trigram', content = '', contentless_delete = 1
  )`.execute(db);
  await createSearchTriggers(db);
  await backfillSearchTable(db);
}

const KEY_OF_NEW = sql.raw('(select key from candidate_search_keys where candidate_id = new.id)');
const KEY_OF_OLD = sql.raw('(select key from candidate_search_keys where candidate_id = old.id)');
const INDEX_NEW = sql`insert into candidate_search
    (rowid, first_name, last_name, preferred_name, email)
    values (${KEY_OF_NEW}, new.first_name, new.last_name, new.preferred_name, new.email);`;

async function createSearchTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`create trigger candidates_search_insert after insert on candidates begin
    insert into candidate_search_keys (candidate_id) values (new.id);
    ${INDEX_NEW}
  end`.execute(db);
  await sql`create trigger candidates_search_update
    after update of first_name, last_name, preferred_name, email on candidates begin
    delete from candidate_search where rowid = ${KEY_OF_OLD};
    ${INDEX_NEW}
  end`.execute(db);
  await sql`create trigger candidates_search_delete after delete on candidates begin
    delete from candidate_search where rowid = ${KEY_OF_OLD};
    delete from candidate_search_keys where candidate_id = old.id;
  end`.execute(db);
}

async function backfillSearchTable(db: Kysely<unknown>): Promise<void> {
  await sql`insert into candidate_search_keys (candidate_id)
    select id from candidates order by created_at, id`.execute(db);
  await sql`insert into candidate_search (rowid, first_name, last_name, preferred_name, email)
    select k.key, c.first_name, c.last_name, c.preferred_name, c.email
    from candidates c join candidate_search_keys k on k.candidate_id = c.id`.execute(db);
}

async function dropSearchTable(db: Kysely<unknown>): Promise<void> {
  for (const trigger of ['insert', 'update', 'delete']) {
    await sql`drop trigger if exists ${sql.raw(`candidates_search_${trigger}`)}`.execute(db);
  }
  await sql`drop table if exists candidate_search`.execute(db);
  await sql`drop table if exists candidate_search_keys`.execute(db);
}
