import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../../test/databases.js';
import { getAccount } from '../../accounts/accounts.js';
import { addTestAccount, addTestUser, createTestApp, TestBrowser } from '../testing.js';

describe.each(testDialects)('settings, dashboard and integrations on %s', (dialect) => {
  let storage: TestStorage;
  let admin: TestBrowser;
  let recruiter: TestBrowser;
  let accountId: string;
  let otherAccountId: string;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    const me = await addTestAccount(storage, { name: 'Acme Test', plan: 'start' });
    accountId = me.accountId;
    otherAccountId = (await addTestAccount(storage, { name: 'Other Co' })).accountId;
    const recruiterEmail = `recruiter-${crypto.randomUUID()}@example.test`;
    await addTestUser(storage, accountId, recruiterEmail, 'recruiter');
    admin = new TestBrowser(createTestApp(storage));
    await admin.signIn(me.email);
    recruiter = new TestBrowser(createTestApp(storage));
    await recruiter.signIn(recruiterEmail);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('shows every menu entry, marking the current page', async () => {
    const page = await admin.get('/dashboard');
    for (const label of ['Dashboard', 'Jobs', 'Candidates', 'Integrations', 'Settings']) {
      expect(page.text).toContain(`>${label}</a>`);
    }
    expect(page.text).toContain('href="/dashboard" aria-current="page"');
  });

  it('counts candidates by stage on the dashboard', async () => {
    const { createCandidate } = await import('../../candidates/candidates.js');
    const input = {
      last_name: 'Counted',
      preferred_name: null,
      email: null,
      phone: null,
      job_id: null,
    };
    await createCandidate(storage.db, accountId, { first_name: 'One', ...input });
    await createCandidate(storage.db, accountId, { first_name: 'Two', ...input });
    const page = await admin.get('/dashboard');
    expect(page.text).toMatch(/<div class="stat">2<\/div><div>New<\/div>/);
    expect(page.text).toMatch(/<div class="stat">0<\/div><div>Hired<\/div>/);
  });

  it('shows an empty Integrations page without claiming any integration works', async () => {
    const page = await admin.get('/integrations');
    expect(page.status).toBe(200);
    expect(page.text).toContain('No integrations are available yet.');
    expect(page.text).not.toContain('Connected');
  });

  it('renders tiles an extension provides, and mounts its routes', async () => {
    const app = createTestApp(storage, {
      integrationTiles: [({ account }) => `Tile for ${account.name}`],
      extensions: [(app) => app.get('/integrations/example', (c) => c.text('extension route'))],
    });
    const browser = new TestBrowser(app);
    await browser.signIn((await addTestAccount(storage, { name: 'Tile & Co' })).email);
    expect((await browser.get('/integrations')).text).toContain('Tile for Tile &amp; Co');
    expect((await browser.get('/integrations/example')).text).toBe('extension route');
  });

  it('lets an admin change the account name and plan', async () => {
    await admin.get('/settings');
    const response = await admin.post('/settings/account', { name: 'Acme Renamed', plan: 'scale' });
    expect(response.status).toBe(303);
    expect(await getAccount(storage.db, accountId)).toMatchObject({
      name: 'Acme Renamed',
      plan: 'scale',
    });
    expect(await getAccount(storage.db, otherAccountId)).toMatchObject({ name: 'Other Co' });
  });

  it('names invalid account fields and keeps what was typed', async () => {
    const response = await admin.post('/settings/account', { name: '', plan: 'platinum' });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('Enter the account name');
    expect(text).toContain('Choose a plan: Free, Start, Scale or Enterprise');
  });

  it('lets an admin add a user, refusing a taken email and a short password', async () => {
    const email = `new-${crypto.randomUUID()}@example.test`;
    const fields = { user_name: 'Rosa Díaz', user_email: email, role: 'recruiter' };
    const ok = await admin.post('/settings/users', { ...fields, password: 'long enough password' });
    expect(ok.status).toBe(303);
    expect((await admin.get('/settings')).text).toContain('Rosa Díaz');

    const taken = await admin.post('/settings/users', {
      ...fields,
      password: 'long enough password',
    });
    expect(await taken.text()).toContain('Use another email');
    const short = await admin.post('/settings/users', { ...fields, password: 'short' });
    const text = await short.text();
    expect(text).toContain('Enter a password of at least 12 characters');
    expect(text).not.toContain('value="short"');
  });

  it('refuses a password of only spaces, so no user can sign in with twelve spaces', async () => {
    const email = `spaces-${crypto.randomUUID()}@example.test`;
    await admin.get('/settings');
    const response = await admin.post('/settings/users', {
      user_name: 'Blank Key',
      user_email: email,
      role: 'admin',
      password: ' '.repeat(12),
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('Enter a password with letters, digits or symbols, not only spaces');
    expect(text).toContain('At least 12 characters, not only spaces; at most 200.');
    expect(text).toContain('value="Blank Key"');
    expect(text).toContain(`value="${email}"`);
    expect(text).toContain('<option value="admin" selected="">');
    expect(text).not.toMatch(/name="password"[^>]*value="\s+"/);

    const visitor = new TestBrowser(createTestApp(storage));
    await visitor.get('/sign-in');
    const signIn = await visitor.post('/sign-in', { email, password: ' '.repeat(12) });
    expect(signIn.status).toBe(400);
  });

  it('names an overlong user name, email and password as too long, not as missing', async () => {
    await admin.get('/settings');
    const response = await admin.post('/settings/users', {
      user_name: 'n'.repeat(5000),
      user_email: `${'e'.repeat(5000)}@example.test`,
      role: 'recruiter',
      password: 'p'.repeat(100_000),
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('Shorten the name to 100 characters or fewer');
    expect(text).toContain('Shorten the email to 254 characters or fewer');
    expect(text).toContain('Shorten the password to 200 characters or fewer');
    expect(text).not.toContain('Enter the name');
  });

  it('refuses settings changes by a recruiter', async () => {
    const page = await recruiter.get('/settings');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Save account');
    const response = await recruiter.post('/settings/account', { name: 'Mine now', plan: 'free' });
    expect(response.status).toBe(403);
    const users = await recruiter.post('/settings/users', {
      user_name: 'Sneaky',
      user_email: 'sneaky@example.test',
      role: 'admin',
      password: 'long enough password',
    });
    expect(users.status).toBe(403);
    expect((await getAccount(storage.db, accountId))?.name).not.toBe('Mine now');
  });

  it('refuses a settings change with a bad CSRF token, and visitors', async () => {
    const forged = await admin.post('/settings/account', {
      name: 'Forged',
      plan: 'free',
      _csrf: 'x',
    });
    expect(forged.status).toBe(403);
    const visitor = new TestBrowser(createTestApp(storage));
    for (const path of ['/dashboard', '/settings', '/integrations']) {
      expect((await visitor.request(path)).status).toBe(303);
    }
  });

  it('answers unknown addresses with a 404 page', async () => {
    const page = await admin.get('/no/such/page');
    expect(page.status).toBe(404);
    expect(page.text).toContain('Page not found');
  });
});
