import { sql } from 'kysely';
import type { ListStorage } from './candidate-list.js';
import { caseVariants, ftsQuery, isIndexedWord } from './candidate-search.js';

/**
 * How a search finds its candidates, and why. `index`: the trigram index inside the list's query
 * (always on PostgreSQL, whose planner chooses by its statistics). `keys`: SQLite has read every
 * trigram match already (their `candidate_search_keys.key`, as a JSON array), few enough to sort.
 * `walk`: SQLite reads the list in its order and tests each candidate with `like`, stopping when
 * the page is full.
 */
export type SearchPlan = ({ use: 'index' } | { use: 'keys'; keys: string } | { use: 'walk' }) & {
  reason: string;
};

/**
 * The most `like` patterns a walk tests a word with (two per non-ASCII letter that has a case):
 * three such letters. A word with more keeps the index, slow as that is if the word is common.
 */
const MAX_CASE_VARIANTS = 8;

/**
 * Chooses how to find the candidates of a search. SQLite has no statistics to choose by, so it
 * counts the trigram matches of the words up to `walkAbove + 1` (FTS5 reads them one by one, so
 * a common word costs a bounded read) and walks the list when there are more. The matches are of
 * every account; a walk stops at the account's last candidate, so it costs at most what a
 * one-letter search does. That is also what it costs when a word's matches are many but all among
 * the oldest candidates: the walk does not yet fall back to the matches when it has read far
 * without filling the page (1,234 such matches at 100,000 candidates: 41 ms, where reading them
 * took 6 ms).
 */
export async function chooseSearchPlan(
  storage: ListStorage,
  words: string[],
  walkAbove: number,
): Promise<SearchPlan> {
  if (storage.dialect === 'postgres') return { use: 'index', reason: 'PostgreSQL plans it' };
  const long = words.filter(isIndexedWord);
  if (long.length === 0) return { use: 'walk', reason: 'no word of three characters or more' };
  if (long.some((w) => caseVariants(w).length > MAX_CASE_VARIANTS)) {
    return { use: 'index', reason: 'a word has too many non-ASCII letters to test by like' };
  }
  const matches = await readTrigramMatches(storage, long, walkAbove + 1);
  if (matches.count > walkAbove) {
    return { use: 'walk', reason: `more than ${walkAbove} trigram matches` };
  }

  return { use: 'keys', keys: matches.keys, reason: `${matches.count} trigram matches` };
}

/** The keys of the candidates, of any account, the trigram index finds for all the words. */
async function readTrigramMatches(storage: ListStorage, words: string[], limit: number) {
  // The keys stay JSON text from here to the list's query, which reads them with `json_each`.
  const query = sql<{ count: number; keys: string }>`select count(*) as count,
    json_group_array(rowid) as keys from (select rowid from candidate_search
    where candidate_search match ${ftsQuery(words)} limit ${limit})`;
  const { rows } = await query.execute(storage.db);

  return { count: Number(rows[0]?.count ?? 0), keys: rows[0]?.keys ?? '[]' };
}
