import { type Expression, type SqlBool, sql } from 'kysely';
import type { DialectName } from '../storage/database.js';
import type { SearchPlan } from './search-plan.js';

/**
 * The shortest word the trigram indexes can find. Shorter words still match anywhere, but by
 * reading the candidates the other conditions leave (all of the account's when they are alone).
 */
export const INDEXED_WORD_LENGTH = 3;

/** Whether the trigram indexes can find this word (three characters or more). */
export function isIndexedWord(word: string): boolean {
  return [...word].length >= INDEXED_WORD_LENGTH;
}

/** Splits a search into its words: runs of non-space characters, as typed. */
export function searchWords(q: string | undefined): string[] {
  return q?.split(/\s+/).filter(Boolean) ?? [];
}

/**
 * Every word must appear, ignoring case, in the candidate's full name, preferred name or email.
 * Words never contain spaces, so a word cannot span two fields on either engine.
 */
export function matchesSearch(
  dialect: DialectName,
  words: string[],
  plan: SearchPlan,
): Expression<SqlBool>[] {
  if (dialect === 'postgres') return words.map(postgresMatch);
  if (plan.use === 'walk') return words.map(sqliteLikeMatch);
  const long = words.filter(isIndexedWord);
  const short = words.filter((w) => !isIndexedWord(w)).map(sqliteLikeMatch);
  if (long.length === 0) return short;
  const indexed = plan.use === 'keys' ? sqliteKeysMatch(plan.keys) : sqliteIndexedMatch(long);

  return [indexed, ...short];
}

function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * PostgreSQL: the expression is the one the `pg_trgm` index of migration 0005 is built on, so
 * `like` uses the index for words of three characters or more. Both sides go through the
 * server's `lower()`, which folds non-ASCII letters under a UTF-8 `LC_CTYPE` (as Debian's
 * default `C.UTF-8`); a database created with `LC_CTYPE=C` folds ASCII only.
 */
function postgresMatch(word: string): Expression<SqlBool> {
  const haystack = sql`lower(c.first_name || ' ' || c.last_name || ' ' ||
    coalesce(c.preferred_name, '') || ' ' || coalesce(c.email, ''))`;

  return sql<SqlBool>`${haystack} like lower(${likePattern(word)}) escape '\\'`;
}

/**
 * SQLite: one FTS5 query for all the long words, each a quoted phrase, which the trigram
 * tokenizer matches as a case-folded substring of any one column. Used for a word of four or more
 * non-ASCII letters, which a walk does not test: if such a word is also common, every match is
 * still read and sorted before the first page (about 0.3 s at 100,000 matches).
 */
function sqliteIndexedMatch(words: string[]): Expression<SqlBool> {
  const query = ftsQuery(words);
  const matches = sql`select rowid from candidate_search where candidate_search match ${query}`;

  return sql<SqlBool>`c.id in (select k.candidate_id from candidate_search_keys k
    where k.key in (${matches}))`;
}

/** SQLite: the trigram matches already read, by their keys (a JSON array). */
function sqliteKeysMatch(keys: string): Expression<SqlBool> {
  return sql<SqlBool>`c.id in (select k.candidate_id from candidate_search_keys k
    where k.key in (select value from json_each(${keys})))`;
}

/** The FTS5 query of words: each a quoted phrase (quotes doubled), all required. */
export function ftsQuery(words: string[]): string {
  return words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' AND ');
}

/**
 * SQLite: a word compared with `like` (a walk, or a word too short for trigrams). `like` folds
 * ASCII letters only, so the word is also tried with each of its non-ASCII letters in upper case
 * (at most eight patterns), so "öz" finds "Özil" as the index would.
 */
function sqliteLikeMatch(word: string): Expression<SqlBool> {
  const haystack = sql`(c.first_name || ' ' || c.last_name || ' ' ||
    coalesce(c.preferred_name, '') || ' ' || coalesce(c.email, ''))`;
  const tests = caseVariants(word).map(
    (variant) => sql<SqlBool>`${haystack} like ${likePattern(variant)} escape '\\'`,
  );

  return sql<SqlBool>`(${sql.join(tests, sql` or `)})`;
}

/**
 * The word with each non-ASCII letter in lower case and in upper case, as `like` patterns.
 * ASCII letters stay as typed: `like` folds them itself. A lower case that JavaScript spells with
 * a combining mark ("İ" becomes "i" and a dot above) keeps only its letter, as PostgreSQL's
 * `lower()` does; an upper case that is ASCII ("ı" becomes "I") is left out, since `like` would
 * then also match "i", which PostgreSQL does not.
 */
export function caseVariants(word: string): string[] {
  let variants = [''];
  for (const ch of word) {
    const forms = ch <= '\x7f' ? [ch] : caseForms(ch);
    variants = variants.flatMap((v) => forms.map((c) => v + c));
  }

  return variants;
}

function caseForms(ch: string): string[] {
  const lower = ch.toLowerCase().replace(/\p{M}+$/u, '');
  const upper = ch.toUpperCase();
  const forms = [lower, ...(upper > '\x7f' ? [upper] : []), ch].filter((f) => [...f].length === 1);

  return [...new Set(forms.length > 0 ? forms : [ch])];
}
