import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot as screenshot } from '../../test/browser.js';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { getHire } from '../candidates/hires.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../demo/seed.js';
import { type RunningServer, startServer } from './server.js';
import { createTestApp } from './testing.js';

describe.each(testDialects)('a recruiter in Chromium, on %s', (dialect) => {
  let storage: TestStorage;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const shoot = dialect === 'sqlite';

  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    await seedDemoIfEmpty(storage.db);
    server = await startServer(createTestApp(storage), { host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    // A browser far ahead of the server's UTC: the start date must not move a day.
    const context = await browser.newContext({
      timezoneId: 'Pacific/Kiritimati',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await storage?.close();
  });

  it('signs in, creates a job, adds a candidate, hires them and sees Hire Information', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill('admin@acme.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    if (shoot) await screenshot(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Dashboard' }).count()).toBe(1);

    const menu = page.getByRole('navigation', { name: 'Main' });
    await menu.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('link', { name: 'New job' }).click();
    await page.getByLabel('Title').fill('Firmware Engineer');
    await page.getByLabel('Department').fill('Engineering');
    await page.getByLabel('Location').fill('Denver, CO');
    await page.getByLabel('Employment type').selectOption({ label: 'Full-time' });
    await page.getByRole('button', { name: 'Create job' }).click();
    await expect.poll(() => page.getByText('Job created.').count()).toBe(1);
    await menu.getByRole('link', { name: 'Jobs' }).click();
    if (shoot) await screenshot(page, 'jobs');

    await menu.getByRole('link', { name: 'Candidates' }).click();
    await page.getByRole('link', { name: 'Add candidate' }).click();
    await page.getByLabel('First name').fill('Zoë');
    await page.getByLabel('Last name').fill("O'Testname Nuñez-Teståd");
    await page.getByLabel('Personal email').fill('zoe.otestname@example.com');
    await page.getByLabel('Job').selectOption({ label: 'Firmware Engineer' });
    await page.getByRole('button', { name: 'Add candidate' }).click();
    await expect.poll(() => page.getByText('Candidate added.').count()).toBe(1);

    await page.getByLabel('Move to stage').selectOption({ label: 'Hired' });
    await page.getByRole('button', { name: 'Move' }).click();
    await page.getByLabel('Start date').fill('2027-01-05');
    await page.getByLabel('Pay offered').fill('98,500');
    await page.getByLabel('Pay unit').selectOption({ label: 'per year' });
    if (shoot) await screenshot(page, 'hire-step');
    await page.getByRole('button', { name: 'Save and move to Hired' }).click();

    const hireInformation = page.getByRole('region', { name: 'Hire Information' });
    await expect.poll(() => hireInformation.textContent()).toContain('5 January 2027');
    const text = (await hireInformation.textContent()) ?? '';
    expect(text).toContain('Firmware Engineer');
    expect(text).toContain('$98,500.00 per year');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      "Zoë O'Testname Nuñez-Teståd",
    );
    if (shoot) await screenshot(page, 'hire-information');

    const candidateId = new URL(page.url()).pathname.split('/')[2] ?? '';
    const account = await storage.db
      .selectFrom('candidates')
      .select(['account_id', 'last_name', 'stage'])
      .where('id', '=', candidateId)
      .executeTakeFirstOrThrow();
    expect(account.last_name).toBe("O'Testname Nuñez-Teståd");
    expect(account.stage).toBe('hired');
    const hire = await getHire(storage.db, account.account_id, candidateId);
    expect(hire?.start_date).toBe('2027-01-05');
  });
});
