import { html } from 'hono/html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../../test/databases.js';
import { createCandidate, getCandidate } from '../../candidates/candidates.js';
import { getHire } from '../../candidates/hires.js';
import { createJob } from '../../jobs/jobs.js';
import type { HirePanelInput } from '../context.js';
import { addTestAccount, createTestApp, TestBrowser } from '../testing.js';

const NAMES = {
  first_name: 'Zoë',
  last_name: 'Nuñez-Teståd',
  preferred_name: 'Zo’',
};

describe.each(testDialects)('candidate pages on %s', (dialect) => {
  let storage: TestStorage;
  let browser: TestBrowser;
  let accountId: string;
  let jobId: string;
  let otherCandidateId: string;
  const panelCalls: HirePanelInput['placement'][] = [];

  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    const me = await addTestAccount(storage);
    accountId = me.accountId;
    const other = await addTestAccount(storage, { name: 'Other Co' });
    const job = { department: 'Engineering', location: 'Boston, MA' } as const;
    jobId = (
      await createJob(storage.db, accountId, {
        title: 'Engineer',
        ...job,
        employment_type: 'full_time',
      })
    ).id;
    otherCandidateId = (
      await createCandidate(storage.db, other.accountId, {
        first_name: 'Hidden',
        last_name: 'Person',
        preferred_name: null,
        email: null,
        phone: null,
        job_id: null,
      })
    ).id;
    const app = createTestApp(storage, {
      hirePanel: ({ placement, hire }) => {
        panelCalls.push(placement);
        return html`<p class="test-panel">panel:${placement}:${hire ? 'hire' : 'none'}</p>`;
      },
    });
    browser = new TestBrowser(app);
    await browser.signIn(me.email);
  });
  afterAll(async () => {
    await storage.close();
  });

  async function addCandidate(fields: Record<string, string>): Promise<string> {
    await browser.get('/candidates/new');
    const response = await browser.post('/candidates', fields);
    expect(response.status).toBe(303);
    return (response.headers.get('location') ?? '').split('/')[2]?.split('?')[0] ?? '';
  }

  it('adds a candidate keeping every character of the names, byte for byte', async () => {
    const id = await addCandidate({
      ...NAMES,
      email: 'zoe@example.test',
      phone: '+1 (555) 010-2000',
      job_id: jobId,
    });
    const stored = await getCandidate(storage.db, accountId, id);
    expect(Buffer.from(stored?.first_name ?? '')).toEqual(Buffer.from('Zoë'));
    expect(Buffer.from(stored?.last_name ?? '')).toEqual(Buffer.from('Nuñez-Teståd'));
    expect(stored?.preferred_name).toBe('Zo’');
    expect(stored).toMatchObject({ stage: 'new', job_id: jobId });

    const page = await browser.get(`/candidates/${id}?notice=created`);
    expect(page.text).toContain('Zoë Nuñez-Teståd');
    expect(page.text).toContain('Candidate added.');
    expect(page.text).toContain('Hire Information');
    expect(page.text).toContain('panel:profile:none');
  });

  it("keeps O'Testname's straight apostrophe, escaped in the page", async () => {
    const id = await addCandidate({ first_name: 'Ann', last_name: "O'Testname" });
    const stored = await getCandidate(storage.db, accountId, id);
    expect(stored?.last_name).toBe("O'Testname");
    const page = await browser.get(`/candidates/${id}/edit`);
    expect(page.text).toContain('value="O&#39;Testname"');
  });

  it('names each invalid field, keeps what was typed and stores nothing', async () => {
    await browser.get('/candidates/new');
    const before = await storage.db.selectFrom('candidates').select('id').execute();
    const response = await browser.post('/candidates', {
      first_name: '',
      last_name: 'Nuñez',
      email: 'not-an-email',
      phone: 'call me',
      job_id: 'no-such-job',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('Enter the first name');
    expect(text).toContain('Enter the personal email as an email address');
    expect(text).toContain('Enter the phone number using digits');
    expect(text).toContain('Choose a job from the list');
    expect(text).toContain('value="Nuñez"');
    expect(text).toContain('value="not-an-email"');
    const after = await storage.db.selectFrom('candidates').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it('edits a candidate', async () => {
    const id = await addCandidate({ first_name: 'Edit', last_name: 'Me' });
    const response = await browser.post(`/candidates/${id}`, {
      first_name: 'Edited',
      last_name: 'Person',
      job_id: jobId,
    });
    expect(response.status).toBe(303);
    expect(await getCandidate(storage.db, accountId, id)).toMatchObject({
      first_name: 'Edited',
      job_id: jobId,
    });
  });

  it('moves through stages, recording history, and adds notes', async () => {
    const id = await addCandidate({ first_name: 'Stage', last_name: 'Walker' });
    await browser.get(`/candidates/${id}`);
    expect((await browser.post(`/candidates/${id}/stage`, { stage: 'screening' })).status).toBe(
      303,
    );
    await browser.post(`/candidates/${id}/stage`, { stage: 'interview' });
    await browser.post(`/candidates/${id}/notes`, { note: 'Strong <b>systems</b> answers' });
    const page = await browser.get(`/candidates/${id}`);
    expect(page.text).toContain('New → Screening');
    expect(page.text).toContain('Screening → Interview');
    expect(page.text).toContain('Strong &lt;b&gt;systems&lt;/b&gt; answers');

    const bad = await browser.post(`/candidates/${id}/stage`, { stage: 'promoted' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Choose a stage from the list');
    const empty = await browser.post(`/candidates/${id}/notes`, { note: '   ' });
    expect(await empty.text()).toContain('Enter the note');
  });

  it('sends a move to Hired through the hire step, then shows Hire Information', async () => {
    const id = await addCandidate({ ...NAMES, job_id: jobId });
    const move = await browser.post(`/candidates/${id}/stage`, { stage: 'hired' });
    expect(move.headers.get('location')).toBe(`/candidates/${id}/hire`);
    expect((await getCandidate(storage.db, accountId, id))?.stage).toBe('new');

    const form = await browser.get(`/candidates/${id}/hire`);
    expect(form.text).toContain('value="Engineer"');
    expect(form.text).toContain('value="Boston, MA"');

    const saved = await browser.post(`/candidates/${id}/hire`, {
      start_date: '2027-01-05',
      job_title: 'Engineer II',
      worker_type: 'employee',
      pay_rate: '85,000',
      pay_unit: 'Year',
      department: 'Engineering',
      work_location: 'Boston, MA',
    });
    expect(saved.headers.get('location')).toBe(`/candidates/${id}?notice=hired`);
    expect(await getHire(storage.db, accountId, id)).toMatchObject({
      start_date: '2027-01-05',
      pay_rate: '85000.00',
      worker_type: 'employee',
    });
    panelCalls.length = 0;
    const page = await browser.get(`/candidates/${id}?notice=hired`);
    expect(page.text).toContain('5 January 2027');
    expect(page.text).toContain('$85,000.00 per year');
    expect(page.text).toContain('panel:after_hire:hire');
    expect(page.text).toContain('panel:profile:hire');
    expect(panelCalls).toEqual(['after_hire', 'profile']);
  });

  it('moves a Hired candidate on, keeping the hire and warning that Gusto keeps it', async () => {
    // Moving a candidate on after their hire went to Gusto said nothing of Gusto still having it.
    const id = await addCandidate({ first_name: 'Changed', last_name: 'Mind', job_id: jobId });
    await browser.get(`/candidates/${id}/hire`);
    await browser.post(`/candidates/${id}/hire`, {
      start_date: '2027-03-01',
      job_title: 'Engineer',
      worker_type: 'contractor',
      pay_rate: '60',
      pay_unit: 'Hour',
    });
    const hired = await browser.get(`/candidates/${id}`);
    expect(hired.text).not.toContain('No longer Hired');
    expect(hired.text).toContain('a hire already sent to Gusto stays there');

    const move = await browser.post(`/candidates/${id}/stage`, { stage: 'rejected' });
    expect(move.status).toBe(303);
    expect((await getCandidate(storage.db, accountId, id))?.stage).toBe('rejected');
    expect(await getHire(storage.db, accountId, id)).toMatchObject({ pay_rate: '60.00' });
    const page = await browser.get(`/candidates/${id}`);
    expect(page.text).toContain('No longer Hired: this candidate is now at Rejected.');
    expect(page.text).toContain('make any change in Gusto');
    expect(page.text).toContain('panel:profile:hire');
  });

  it('refuses a bad hire step field by field and leaves the stage alone', async () => {
    const id = await addCandidate({ first_name: 'Not', last_name: 'Yet' });
    await browser.get(`/candidates/${id}/hire`);
    const response = await browser.post(`/candidates/${id}/hire`, {
      start_date: '2027-02-30',
      job_title: '',
      worker_type: 'freelancer',
      pay_rate: '-5',
      pay_unit: 'Decade',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('Enter a start date that exists on the calendar');
    expect(text).toContain('Enter the job title');
    expect(text).toContain('Choose employee or contractor');
    expect(text).toContain('Enter the pay offered as a number greater than 0');
    expect(text).toContain('Choose what the pay is per');
    expect(text).toContain('value="2027-02-30"');
    expect((await getCandidate(storage.db, accountId, id))?.stage).toBe('new');
    expect(await getHire(storage.db, accountId, id)).toBeUndefined();
  });

  it('says a pay of forty nines is too large and gives the maximum, keeping it typed', async () => {
    // Such a pay was answered "Enter the pay offered as a number greater than 0", which it is.
    const id = await addCandidate({ first_name: 'Very', last_name: 'Rich' });
    await browser.get(`/candidates/${id}/hire`);
    const response = await browser.post(`/candidates/${id}/hire`, {
      start_date: '2027-01-05',
      job_title: 'Engineer',
      worker_type: 'employee',
      pay_rate: '9'.repeat(40),
      pay_unit: 'Year',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('The pay offered is too large: enter at most 999,999,999.99');
    expect(text).not.toContain('greater than 0');
    expect(text).toContain(`value="${'9'.repeat(40)}"`);
    expect(await getHire(storage.db, accountId, id)).toBeUndefined();
  });

  it('says an overlong candidate field or note is too long, keeping the rest typed', async () => {
    const form = await browser.post('/candidates', {
      first_name: 'f'.repeat(5000),
      last_name: 'Kept',
      email: `${'e'.repeat(5000)}@example.test`,
      phone: '1'.repeat(5000),
    });
    expect(form.status).toBe(400);
    const text = await form.text();
    expect(text).toContain('Shorten the first name to 100 characters or fewer');
    expect(text).toContain('Shorten the personal email to 254 characters or fewer');
    expect(text).toContain('Shorten the phone number to 30 characters or fewer');
    expect(text).toContain('value="Kept"');

    const id = await addCandidate({ first_name: 'Long', last_name: 'Note' });
    const note = await browser.post(`/candidates/${id}/notes`, { note: 'n'.repeat(10_001) });
    expect(note.status).toBe(400);
    expect(await note.text()).toContain('Shorten the note to 10,000 characters or fewer');
  });

  it('searches, filters and pages the list', async () => {
    for (let i = 0; i < 27; i++) {
      await createCandidate(storage.db, accountId, {
        first_name: `Bulk${i}`,
        last_name: 'Tester',
        preferred_name: null,
        email: `bulk${i}@example.test`,
        phone: null,
        job_id: null,
      });
    }
    const first = await browser.get('/candidates?q=tester');
    expect(first.text).toContain('Page 1 of 2 · 27 candidates');
    expect(first.text).toContain('Next page');
    const second = await browser.get(linkNamed(first.text, 'Next page'));
    expect(linkNamed(first.text, 'Next page')).toMatch(/^\/candidates\?q=tester&after=.+&page=2$/);
    expect(second.text).toContain('Page 2 of 2');
    expect(second.text).not.toContain('Next page');
    expect((second.text.match(/Bulk\d+ Tester/g) ?? []).length).toBe(2);
    expect(linkNamed(second.text, 'Previous page')).toBe('/candidates?q=tester');
    const oldLink = await browser.get('/candidates?q=tester&page=2');
    expect(oldLink.text).toContain('Page 2 of 2');
    expect(rowNames(oldLink.text)).toEqual(rowNames(second.text));

    const byName = await browser.get('/candidates?q=bulk7%20tester');
    expect(byName.text).toContain('Bulk7 Tester');
    expect(byName.text).not.toContain('Bulk8 Tester');
    const byJob = await browser.get(`/candidates?job=${jobId}`);
    expect(byJob.text).toContain('Edited Person');
    expect(byJob.text).not.toContain('Bulk1 Tester');
    const byStage = await browser.get('/candidates?stage=interview');
    expect(byStage.text).toContain('Stage Walker');
    expect(byStage.text).not.toContain('Edited Person');
    const wildcard = await browser.get('/candidates?q=%25');
    expect(wildcard.text).toContain('No candidates match.');
    expect((await browser.get('/candidates?page=abc&stage=nope&q=')).status).toBe(200);
    expect((await browser.get('/candidates')).text).not.toContain('Hidden Person');
  });

  it('pages past 10,000 candidates by cursor, saying "more than 10,000"', async () => {
    const big = await addTestAccount(storage, { name: 'Big Co' });
    await insertCandidates(storage, big.accountId, 10_030);
    const bigBrowser = new TestBrowser(createTestApp(storage));
    await bigBrowser.signIn(big.email);

    const pages = [await bigBrowser.get('/candidates')];
    expect(pages[0]?.text).toContain('Page 1 · more than 10,000 candidates');
    expect(pages[0]?.text).not.toContain('Previous page');
    for (let i = 2; i <= 4; i++) {
      pages.push(await bigBrowser.get(linkNamed(pages.at(-1)?.text ?? '', 'Next page')));
      expect(pages.at(-1)?.text).toContain(`Page ${i} · more than 10,000 candidates`);
    }
    const names = pages.map((p) => rowNames(p.text));
    expect(names.map((n) => n[0])).toEqual(['Bulk 10029', 'Bulk 10004', 'Bulk 9979', 'Bulk 9954']);
    expect(new Set(names.flat()).size).toBe(100);

    const back = linkNamed(pages[3]?.text ?? '', 'Previous page');
    expect(back).toMatch(/^\/candidates\?before=.+&page=3$/);
    const third = await bigBrowser.get(back);
    expect(third.text).toContain('Page 3 · more than 10,000 candidates');
    expect(rowNames(third.text)).toEqual(names[2]);

    const deep = await bigBrowser.get('/candidates?page=401');
    expect(deep.text).toContain('Page 401 · more than 10,000 candidates');
    expect(rowNames(deep.text)).toEqual(Array.from({ length: 25 }, (_, i) => `Bulk ${29 - i}`));
    const last = await bigBrowser.get('/candidates?page=402');
    expect(rowNames(last.text)).toHaveLength(5);
    expect(last.text).not.toContain('Next page');
    const filtered = await bigBrowser.get('/candidates?q=bulk%20100');
    expect(filtered.text).toContain('Page 1 of 2 · 50 candidates');
  });

  it('shows page 1 for a cursor it cannot read', async () => {
    for (const query of ['after=nonsense', 'before=2026-01-01T00:00:00.000Z_x', 'after=&page=0']) {
      const page = await browser.get(`/candidates?${query}`);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/Page 1 of \d+ · \d+ candidates/);
    }
  });

  it('offers the first page from an empty page past the end, and not from page 1', async () => {
    const cursor = `9999-12-31T23:59:59.999Z_${'f'.repeat(8)}-ffff-ffff-ffff-${'f'.repeat(12)}`;
    for (const query of [`before=${cursor}&page=3`, 'page=999999']) {
      const page = await browser.get(`/candidates?${query}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('No candidates match.');
      expect(page.text).toContain('>First page</a>');
    }
    expect((await browser.get('/candidates?q=nobody-has-this')).text).not.toContain('First page');
  });

  it("answers 404 for another account's candidate on every route, changing nothing", async () => {
    const base = `/candidates/${otherCandidateId}`;
    for (const path of [base, `${base}/edit`, `${base}/hire`]) {
      expect((await browser.get(path)).status).toBe(404);
    }
    const posts: [string, Record<string, string>][] = [
      [base, { first_name: 'X', last_name: 'Y' }],
      [`${base}/stage`, { stage: 'rejected' }],
      [`${base}/notes`, { note: 'x' }],
      [
        `${base}/hire`,
        {
          start_date: '2027-01-05',
          job_title: 'X',
          worker_type: 'employee',
          pay_rate: '1',
          pay_unit: 'Hour',
        },
      ],
    ];
    for (const [path, fields] of posts) expect((await browser.post(path, fields)).status).toBe(404);
    const stored = await storage.db
      .selectFrom('candidates')
      .selectAll()
      .where('id', '=', otherCandidateId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ first_name: 'Hidden', stage: 'new' });
    const notes = await storage.db.selectFrom('candidate_notes').select('id').execute();
    expect(notes.every((n) => n.id)).toBe(true);
    expect(
      await storage.db
        .selectFrom('hires')
        .select('id')
        .where('candidate_id', '=', otherCandidateId)
        .execute(),
    ).toEqual([]);
  });

  it('refuses a form with a bad CSRF token, and visitors who are not signed in', async () => {
    const id = await addCandidate({ first_name: 'Csrf', last_name: 'Target' });
    const forged = await browser.post(`/candidates/${id}/stage`, { stage: 'rejected', _csrf: 'x' });
    expect(forged.status).toBe(403);
    expect((await getCandidate(storage.db, accountId, id))?.stage).toBe('new');

    const visitor = new TestBrowser(createTestApp(storage));
    expect((await visitor.request(`/candidates/${id}`)).status).toBe(303);
    await visitor.get('/sign-in');
    expect((await visitor.post(`/candidates/${id}/stage`, { stage: 'rejected' })).status).toBe(401);
  });
});

/** The href of the link with this text, as the browser would follow it. */
function linkNamed(html: string, text: string): string {
  const href = new RegExp(`<a href="([^"]+)">${text}</a>`).exec(html)?.[1] ?? '';

  return href.replaceAll('&amp;', '&');
}

/** The candidate names in the list's rows, in order. */
function rowNames(html: string): string[] {
  return [...html.matchAll(/<a href="\/candidates\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) =>
    (m[1] ?? '').replace(/\s+/g, ' ').trim(),
  );
}

/** Adds candidates "Bulk 0" (oldest) to "Bulk N-1" in one statement per 500, as an import would. */
async function insertCandidates(storage: TestStorage, accountId: string, count: number) {
  const start = Date.UTC(2025, 0, 1);
  for (let from = 0; from < count; from += 500) {
    const rows = Array.from({ length: Math.min(500, count - from) }, (_, k) => {
      const at = new Date(start + (from + k) * 60_000).toISOString();
      return {
        id: crypto.randomUUID(),
        account_id: accountId,
        job_id: null,
        first_name: 'Bulk',
        last_name: String(from + k),
        preferred_name: null,
        email: null,
        phone: null,
        stage: 'new' as const,
        created_at: at,
        updated_at: at,
      };
    });
    await storage.db.insertInto('candidates').values(rows).execute();
  }
}
