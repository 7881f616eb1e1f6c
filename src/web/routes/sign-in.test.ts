import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../../test/databases.js';
import { addTestAccount, createTestApp, TestBrowser } from '../testing.js';

describe.each(testDialects)('sign-in on %s', (dialect) => {
  let storage: TestStorage;
  let email: string;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    ({ email } = await addTestAccount(storage));
  });
  afterAll(async () => {
    await storage.close();
  });

  it('sends visitors to the sign-in page and back after signing in', async () => {
    const browser = new TestBrowser(createTestApp(storage));
    const page = await browser.request('/jobs?x=1');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/sign-in?next=%2Fjobs%3Fx%3D1');

    await browser.get('/sign-in?next=%2Fjobs');
    const signedIn = await browser.post('/sign-in', {
      email: email.toUpperCase(),
      password: 'correct horse battery',
      next: '/jobs',
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/jobs');
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('hb_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await browser.get('/jobs')).status).toBe(200);
  });

  it('never follows sign-in to another site', async () => {
    const browser = new TestBrowser(createTestApp(storage));
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', {
      email,
      password: 'correct horse battery',
      next: '//evil.example/x',
    });
    expect(response.headers.get('location')).toBe('/dashboard');
  });

  it('refuses a wrong password, keeping the email typed', async () => {
    const browser = new TestBrowser(createTestApp(storage));
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { email, password: 'wrong' });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('Check your email and password');
    expect(text).toContain(`value="${email}"`);
  });

  it('reports each empty field by name', async () => {
    const browser = new TestBrowser(createTestApp(storage));
    await browser.get('/sign-in');
    const text = await (await browser.post('/sign-in', {})).text();
    expect(text).toContain('Enter your email address');
    expect(text).toContain('Enter your password');
  });

  it('says an overlong password or email is too long, not that it is missing', async () => {
    // A 100,000-character password was answered "Enter your password", as if the field were empty.
    const browser = new TestBrowser(createTestApp(storage));
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', {
      email: `${'a'.repeat(5000)}@example.test`,
      password: 'p'.repeat(100_000),
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('Email addresses are at most 254 characters');
    expect(text).toContain('Passwords are at most 200 characters');
    expect(text).not.toContain('Enter your email address');
    expect(text).not.toContain('Enter your password');
  });

  it('refuses a sign-in without the CSRF token', async () => {
    const browser = new TestBrowser(createTestApp(storage));
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', {
      email,
      password: 'correct horse battery',
      _csrf: 'forged',
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('hb_session='))).toBe(false);
  });

  it('throttles repeated failures for an email, even with the right password after', async () => {
    const victim = (await addTestAccount(storage)).email;
    const browser = new TestBrowser(createTestApp(storage));
    await browser.get('/sign-in');
    for (let i = 0; i < 5; i++) await browser.post('/sign-in', { email: victim, password: 'x' });
    const response = await browser.post('/sign-in', {
      email: victim,
      password: 'correct horse battery',
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.text()).toContain('Too many failed attempts');
  });

  it('signs out, ending the session in the database', async () => {
    const browser = new TestBrowser(createTestApp(storage));
    await browser.signIn(email);
    const before = await storage.db.selectFrom('sessions').select('id').execute();
    const out = await browser.post('/sign-out');
    expect(out.status).toBe(303);
    const after = await storage.db.selectFrom('sessions').select('id').execute();
    expect(after.length).toBe(before.length - 1);
    expect((await browser.request('/dashboard')).status).toBe(303);
  });

  it('marks the session cookie Secure when the public address is https', async () => {
    const { loadConfig } = await import('../../config/config.js');
    const { createLogger } = await import('../../logging/logger.js');
    const { createApp } = await import('../app.js');
    const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://ats.example.test' });
    const app = createApp({ storage, config, logger: createLogger({ level: 'silent' }) });
    const browser = new TestBrowser(app);
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { email, password: 'correct horse battery' });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('hb_session='));
    expect(cookie).toMatch(/Secure/);
  });
});
