import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { createAccount } from '../accounts/accounts.js';
import { listCandidates, type SearchOptions } from './candidate-list.js';
import { createCandidate } from './candidates.js';

/**
 * A search word is compared with `like` on SQLite when it is shorter than three characters, and
 * for every word when the list is walked. The word is first put in lower case in JavaScript,
 * which turns "İ" (capital I with dot above) into two characters, "i" and a combining dot, and
 * the name as stored still holds "İ": the very letters typed no longer match. PostgreSQL, and
 * the trigram index, find the name.
 */
describe.each(testDialects)('a search for the capital dotted I (%s)', (dialect) => {
  let storage: TestStorage;
  let account: string;

  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    account = (await createAccount(storage.db, { name: 'Dotted Co', plan: 'scale' })).id;
    await createCandidate(storage.db, account, {
      first_name: 'Emily',
      last_name: 'Smile',
      preferred_name: null,
      email: null,
      phone: null,
      job_id: null,
    });
    await createCandidate(storage.db, account, {
      first_name: 'İbrahim',
      last_name: 'Yılmaz',
      preferred_name: null,
      email: null,
      phone: null,
      job_id: null,
    });
  });
  afterAll(async () => {
    await storage.close();
  });

  async function names(q: string, options: SearchOptions = {}): Promise<string[]> {
    const page = await listCandidates(storage, account, { q }, { from: 'start' }, 25, options);
    return page.items.map((c) => `${c.first_name} ${c.last_name}`);
  }

  it('finds the name by a word of its first two letters, as typed', async () => {
    expect(await names('İb')).toEqual(['İbrahim Yılmaz']);
  });

  it('finds the name by its whole first name when the list is walked', async () => {
    expect(await names('İbrahim', { walkAbove: 0 })).toEqual(['İbrahim Yılmaz']);
  });

  it('finds the dotless ı only where it is written, as PostgreSQL does', async () => {
    expect(await names('ıl')).toEqual(['İbrahim Yılmaz']);
    expect(await names('yıl', { walkAbove: 0 })).toEqual(['İbrahim Yılmaz']);
  });

  it('finds the name through the trigram index', async () => {
    expect(await names('İbrahim')).toEqual(['İbrahim Yılmaz']);
  });
});
