import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { createAccount } from '../accounts/accounts.js';
import * as candidateSearch from '../storage/migrations/0005-candidate-search.js';
import type { Database } from '../storage/schema.js';
import {
  type CandidateFilters,
  countCandidates,
  type ListCursor,
  type ListPosition,
  listCandidates,
  type SearchOptions,
} from './candidate-list.js';
import { caseVariants } from './candidate-search.js';
import { type CandidateInput, createCandidate, updateCandidate } from './candidates.js';
import { chooseSearchPlan } from './search-plan.js';

// Migrations see the database untyped, as the migrator hands it to them.
const untyped = (db: Kysely<Database>) => db as unknown as Kysely<unknown>;

const person = (first_name: string, last_name: string, more: Partial<CandidateInput> = {}) => ({
  first_name,
  last_name,
  preferred_name: null,
  email: null,
  phone: null,
  job_id: null,
  ...more,
});

describe.each(testDialects)('candidate list on %s', (dialect) => {
  let storage: TestStorage;
  let account: string;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    account = await newAccount();
    const people = [
      person('Zoë', 'Nuñez-Teståd', { preferred_name: 'Zo’', email: 'zoe@example.test' }),
      person('Siobhán', "O'Brien"),
      person('Aoife', 'O’Brien'),
      person('Alice', 'Li'),
      person('Mesut', 'Özil'),
      person('小龍', '李'),
      person('Percent', '100%_Sure'),
      person('Gustav', 'Anderson'),
      person('Ａｄａ', 'Lovelace', { email: 'ada@analytical.example' }),
    ];
    for (const p of people) await createCandidate(storage.db, account, p);
  });
  afterAll(async () => {
    await storage.close();
  });

  async function newAccount(): Promise<string> {
    return (await createAccount(storage.db, { name: 'List Co', plan: 'scale' })).id;
  }

  // A walk of the list (SQLite, for a word with many matches) must find what the index finds;
  // `walkAbove: 0` makes every word with a match walk, so each meaning test runs both ways.
  let search: SearchOptions = {};

  async function names(q: string, accountId = account): Promise<string[]> {
    const page = await listCandidates(storage, accountId, { q }, { from: 'start' }, 50, search);
    return page.items.map((c) => `${c.first_name} ${c.last_name}`).sort();
  }

  describe.each([
    ['through the trigram index', {}],
    ['walking the list', { walkAbove: 0 }],
  ])('%s', (_, options: SearchOptions) => {
    beforeAll(() => {
      search = options;
    });
    afterAll(() => {
      search = {};
    });
    meaningTests();
  });

  function meaningTests() {
    it('finds each word anywhere in a name, preferred name or email, names as stored', async () => {
      expect(await names('ñez-test')).toEqual(['Zoë Nuñez-Teståd']);
      expect(await names('zo’')).toEqual(['Zoë Nuñez-Teståd']);
      expect(await names('example.test zoë')).toEqual(['Zoë Nuñez-Teståd']);
      expect(await names('lytical')).toEqual(['Ａｄａ Lovelace']);
      expect(await names("o'brien")).toEqual(["Siobhán O'Brien"]);
      expect(await names('o’brien')).toEqual(['Aoife O’Brien']);
      expect(await names('brien')).toEqual(['Aoife O’Brien', "Siobhán O'Brien"]);
      expect(await names('brien aoife')).toEqual(['Aoife O’Brien']);
      expect(await names('brien nobody')).toEqual([]);
      const [zoe] = (await listCandidates(storage, account, { q: 'zoë' }, { from: 'start' }, 5))
        .items;
      expect(Buffer.from(zoe?.last_name ?? '').equals(Buffer.from('Nuñez-Teståd'))).toBe(true);
    });

    it('ignores case, non-ASCII letters included', async () => {
      expect(await names('ZOË')).toEqual(['Zoë Nuñez-Teståd']);
      expect(await names('NUÑEZ-TESTÅD')).toEqual(['Zoë Nuñez-Teståd']);
      expect(await names('SIOBHÁN')).toEqual(["Siobhán O'Brien"]);
      expect(await names('özil')).toEqual(['Mesut Özil']);
    });

    it('finds words of one or two characters anywhere too, ignoring case', async () => {
      expect(await names('li')).toEqual(['Alice Li']);
      expect(await names('LI alice')).toEqual(['Alice Li']);
      expect(await names('李')).toEqual(['小龍 李']);
      expect(await names('öz')).toEqual(['Mesut Özil']);
      expect(await names('ÖZ')).toEqual(['Mesut Özil']);
      expect(caseVariants('öz')).toEqual(['öz', 'Öz']);
    });

    it('treats %, _, quotes and search-syntax words as plain characters', async () => {
      expect(await names('100%_')).toEqual(['Percent 100%_Sure']);
      expect(await names('1_0')).toEqual([]);
      expect(await names('%')).toEqual(['Percent 100%_Sure']);
      expect(await names('and')).toEqual(['Gustav Anderson']);
      expect(await names('"brien"')).toEqual([]);
      expect(await names('NEAR(brien')).toEqual([]);
      expect(await names('*')).toEqual([]);
    });

    it('keeps search in step with edits, by this module or any other writer', async () => {
      const mine = await newAccount();
      const c = await createCandidate(storage.db, mine, person('Before', 'Edit'));
      await updateCandidate(storage.db, mine, c.id, person('After', 'Édité'));
      expect(await names('before', mine)).toEqual([]);
      expect(await names('ÉDITÉ', mine)).toEqual(['After Édité']);

      const direct = storage.db.updateTable('candidates').set({ email: 'x@direct.example' });
      await direct.where('id', '=', c.id).execute();
      expect(await names('direct', mine)).toEqual(['After Édité']);
      await storage.db.deleteFrom('candidates').where('id', '=', c.id).execute();
      expect(await names('direct', mine)).toEqual([]);
    });

    it("never finds another account's candidates", async () => {
      const other = await newAccount();
      await createCandidate(storage.db, other, person('Zoë', 'Elsewhere'));
      expect(await names('zoë')).toEqual(['Zoë Nuñez-Teståd']);
      expect(await names('zoë', other)).toEqual(['Zoë Elsewhere']);
    });
  }

  describe('pages', () => {
    let paged: string;
    let all: string[];
    beforeAll(async () => {
      paged = await newAccount();
      // Three to an instant, so the order's tie-break on id is part of every page boundary.
      for (let i = 0; i < 23; i++) {
        const now = new Date(Date.UTC(2026, 0, 1, 0, Math.floor(i / 3)));
        const job = { stage: i % 2 ? ('screening' as const) : ('new' as const), now };
        await createCandidate(storage.db, paged, person(`P${i}`, 'Paged'), {
          userId: null,
          ...job,
        });
      }
      const everything = await listCandidates(storage, paged, {}, { from: 'start' }, 100);
      all = everything.items.map((c) => c.id);
    });

    async function page(position: ListPosition, filters: CandidateFilters = {}) {
      return listCandidates(storage, paged, filters, position, 5);
    }

    it('walks every candidate once with Next, and back with Previous', async () => {
      const pages = [await page({ from: 'start' })];
      for (let last = pages.at(-1); last?.hasNext; last = pages.at(-1)) {
        pages.push(await page({ from: 'after', cursor: last.items.at(-1) as ListCursor }));
      }
      expect(pages.flatMap((p) => p.items.map((c) => c.id))).toEqual(all);
      expect(pages.map((p) => [p.items.length, p.hasPrevious])).toEqual([
        [5, false],
        [5, true],
        [5, true],
        [5, true],
        [3, true],
      ]);

      for (let i = pages.length - 1; i > 0; i--) {
        const first = pages[i]?.items[0] as ListCursor;
        const before = await page({ from: 'before', cursor: first });
        expect(before.items).toEqual(pages[i - 1]?.items);
        expect(before).toMatchObject({ hasPrevious: i > 1, hasNext: true });
      }
    });

    it('serves an old ?page=N link by offset, with the same rows', async () => {
      const third = await page({ from: 'offset', offset: 10 });
      expect(third.items.map((c) => c.id)).toEqual(all.slice(10, 15));
      expect(third).toMatchObject({ hasPrevious: true, hasNext: true });
      expect((await page({ from: 'offset', offset: 500 })).items).toEqual([]);
    });

    it('pages a filtered list by the same cursor', async () => {
      const first = await page({ from: 'start' }, { stage: 'screening', q: 'paged' });
      const next = await page(
        { from: 'after', cursor: first.items.at(-1) as ListCursor },
        { stage: 'screening', q: 'paged' },
      );
      const ids = [...first.items, ...next.items].map((c) => c.id);
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
      expect([...first.items, ...next.items].every((c) => c.stage === 'screening')).toBe(true);
    });

    it('walks the list for a word with many matches: same pages, same count', async () => {
      const walk = { walkAbove: 3 };
      const q = { q: 'PAGED' };
      const pages = [await listCandidates(storage, paged, q, { from: 'start' }, 5, walk)];
      for (let last = pages.at(-1); last?.hasNext; last = pages.at(-1)) {
        const after = { from: 'after', cursor: last.items.at(-1) as ListCursor } as const;
        pages.push(await listCandidates(storage, paged, q, after, 5, walk));
      }
      expect(pages.flatMap((p) => p.items.map((c) => c.id))).toEqual(all);
      const before = { from: 'before', cursor: pages[4]?.items[0] as ListCursor } as const;
      const back = await listCandidates(storage, paged, q, before, 5, walk);
      expect(back.items).toEqual(pages[3]?.items);

      const screening = { q: 'paged', stage: 'screening' as const };
      const walked = await listCandidates(storage, paged, screening, { from: 'start' }, 50, walk);
      const indexed = await listCandidates(storage, paged, screening, { from: 'start' }, 50);
      expect(walked.items.map((c) => c.id)).toEqual(indexed.items.map((c) => c.id));
      // Over twice the cap of 5 in trigram matches, so the count walks and stops at 6.
      expect(await countCandidates(storage, paged, q, 5)).toEqual({ count: 5, more: true });
      expect(await countCandidates(storage, paged, screening, 5)).toEqual({ count: 5, more: true });
      expect(await countCandidates(storage, paged, q, 30)).toEqual({ count: 23, more: false });
    });

    it('counts up to the cap and says when there are more', async () => {
      expect(await countCandidates(storage, paged, {}, 100)).toEqual({ count: 23, more: false });
      expect(await countCandidates(storage, paged, {}, 23)).toEqual({ count: 23, more: false });
      expect(await countCandidates(storage, paged, {}, 10)).toEqual({ count: 10, more: true });
      const screening = await countCandidates(storage, paged, { stage: 'screening' }, 100);
      expect(screening).toEqual({ count: 11, more: false });
    });
  });

  it('walks on SQLite only when the words have more trigram matches than allowed', async () => {
    const plan = async (q: string, walkAbove: number) =>
      (await chooseSearchPlan(storage, q.split(' '), walkAbove)).use;
    if (dialect === 'postgres') {
      expect(await plan('zoë', 0)).toBe('index');
      return;
    }
    expect(await plan('brien', 1)).toBe('walk');
    expect(await plan('brien', 2)).toBe('keys');
    expect(await plan('brien aoife', 1)).toBe('keys');
    expect(await plan('nobody', 0)).toBe('keys');
    expect(await plan('li', 0)).toBe('walk');
    // Four non-ASCII letters would need sixteen `like` patterns per candidate.
    expect(await plan('ñöüå', 0)).toBe('index');
    expect(await plan('ñöü', 0)).toBe('keys');
  });

  it('migration 0005 indexes the candidates that were there before it', async () => {
    await storage.db.transaction().execute((trx) => candidateSearch.down(untyped(trx)));
    const mine = await newAccount();
    await createCandidate(storage.db, mine, person('Earlier', 'Ñandú'));
    await storage.db.transaction().execute((trx) => candidateSearch.up(untyped(trx)));

    expect(await names('ÑANDÚ', mine)).toEqual(['Earlier Ñandú']);
    expect(await names('zoë')).toEqual(['Zoë Nuñez-Teståd']);
    await createCandidate(storage.db, mine, person('Later', 'Ñandú'));
    expect(await names('ñandú', mine)).toEqual(['Earlier Ñandú', 'Later Ñandú']);
  });
});
