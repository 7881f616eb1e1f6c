import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../../test/databases.js';
import { createJob } from '../../jobs/jobs.js';
import { addTestAccount, createTestApp, TestBrowser } from '../testing.js';

describe.each(testDialects)('job pages on %s', (dialect) => {
  let storage: TestStorage;
  let browser: TestBrowser;
  let otherJobId: string;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    const { email } = await addTestAccount(storage);
    const other = await addTestAccount(storage, { name: 'Other Co' });
    otherJobId = (
      await createJob(storage.db, other.accountId, {
        title: 'Secret role',
        department: null,
        location: null,
        employment_type: 'full_time',
      })
    ).id;
    browser = new TestBrowser(createTestApp(storage));
    await browser.signIn(email);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('creates, edits, closes and reopens a job', async () => {
    await browser.get('/jobs/new');
    const created = await browser.post('/jobs', {
      title: 'Robotics Engineer',
      department: 'Engineering',
      location: 'Boston, MA',
      employment_type: 'full_time',
    });
    expect(created.status).toBe(303);
    const location = created.headers.get('location') ?? '';
    const path = location.split('?')[0] ?? '';
    const page = await browser.get(location);
    expect(page.text).toContain('Robotics Engineer');
    expect(page.text).toContain('Job created.');

    await browser.post(path, { title: 'Senior Robotics Engineer', employment_type: 'contract' });
    expect((await browser.get(path)).text).toContain('Senior Robotics Engineer');

    await browser.post(`${path}/close`);
    expect((await browser.get(path)).text).toContain('Open job');
    await browser.post(`${path}/open`);
    expect((await browser.get(path)).text).toContain('Close job');

    const list = await browser.get('/jobs');
    expect(list.text).toContain('Senior Robotics Engineer');
    expect(list.text).not.toContain('Secret role');
  });

  it('names each invalid field and keeps what was typed', async () => {
    await browser.get('/jobs/new');
    const response = await browser.post('/jobs', {
      title: '',
      department: 'Sales & <Marketing>',
      employment_type: 'forever',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('Enter the job title');
    expect(text).toContain('Choose the employment type');
    expect(text).toContain('value="Sales &amp; &lt;Marketing&gt;"');
    expect(await storage.db.selectFrom('jobs').select('id').execute()).toHaveLength(2);
  });

  it('says an overlong job field is too long rather than missing, and stores nothing', async () => {
    await browser.get('/jobs/new');
    const response = await browser.post('/jobs', {
      title: 't'.repeat(5000),
      location: 'l'.repeat(5000),
      employment_type: 'contract',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('Shorten the job title to 200 characters or fewer');
    expect(text).toContain('Shorten the location to 200 characters or fewer');
    expect(text).not.toContain('Enter the job title');
    expect(await storage.db.selectFrom('jobs').select('id').execute()).toHaveLength(2);
  });

  it("answers 404 for another account's job, and changes nothing", async () => {
    expect((await browser.get(`/jobs/${otherJobId}`)).status).toBe(404);
    expect((await browser.get(`/jobs/${otherJobId}/edit`)).status).toBe(404);
    expect((await browser.post(`/jobs/${otherJobId}/close`)).status).toBe(404);
    const edit = await browser.post(`/jobs/${otherJobId}`, {
      title: 'Hijacked',
      employment_type: 'full_time',
    });
    expect(edit.status).toBe(404);
    const job = await storage.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', otherJobId)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ title: 'Secret role', status: 'open' });
  });

  it('refuses a form with a bad CSRF token', async () => {
    const response = await browser.post('/jobs', {
      _csrf: 'not-the-token',
      title: 'Forged',
      employment_type: 'full_time',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('This form has expired');
  });

  it('refuses visitors who are not signed in', async () => {
    const visitor = new TestBrowser(createTestApp(storage));
    expect((await visitor.request('/jobs')).status).toBe(303);
    await visitor.get('/sign-in');
    const response = await visitor.post('/jobs', { title: 'x', employment_type: 'full_time' });
    expect(response.status).toBe(401);
  });
});
