import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test/browser.js';
import { testDialects } from '../../test/databases.js';
import { requestViolations } from '../gusto-connection/connection-test-kit.js';
import { type RunningServer, startServer } from '../web/server.js';
import { addTestUser, createTestApp, TEST_PASSWORD } from '../web/testing.js';
import { type RunningWorker, startHandoffWorker } from '../worker/start-handoff-worker.js';
import { addHiredWithRecord, type HandoffKit, startHandoffKit } from './handoff-test-kit.js';
import { gustoHandoffExtension, gustoHandoffPanel } from './web.js';

describe.each(testDialects)('a recruiter sends a hire to Gusto in Chromium (%s)', (dialect) => {
  let kit: HandoffKit;
  let server: RunningServer;
  let worker: RunningWorker;
  let browser: Browser;
  let page: Page;
  let email: string;

  beforeAll(async () => {
    kit = await startHandoffKit(dialect);
    const options = { secretBox: kit.deps.secretBox };
    const app = createTestApp(kit.storage, {
      extensions: [gustoHandoffExtension(kit.deps.settings, options)],
      hirePanel: gustoHandoffPanel(kit.deps.settings, options),
    });
    server = await startServer(app, { host: '127.0.0.1', port: 0 });
    email = `recruiter-${crypto.randomUUID()}@example.test`;
    await addTestUser(kit.storage, kit.owner.account_id, email, 'recruiter');
    browser = await launchChromium();
    // The recruiter's browser is in UTC+10 while the server runs in UTC (C4).
    const context = await browser.newContext({ timezoneId: 'Australia/Brisbane' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await server?.close();
    await kit?.close();
  });

  it('reviews, adds, and watches the profile turn to Added without reloading (C4)', async () => {
    const candidate = await addHiredWithRecord(kit, 'Zoë', 'Nuñez-Teståd', 'zoe@example.test');
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/dashboard/);

    await page.goto(`${server.url}/candidates/${candidate}`);
    await page.getByRole('link', { name: 'Click to add to Gusto' }).click();
    await page.getByLabel('Start date').fill('2027-01-05');
    await page.getByRole('button', { name: 'Add to Gusto' }).click();

    const block = page.locator('#gusto-handoff');
    expect(await block.textContent()).toContain('Sending');
    const url = page.url();
    // The worker starts only now, so the change below can only arrive by the page's polling.
    worker = startHandoffWorker({
      storage: kit.storage,
      settings: kit.deps.settings,
      secretBox: kit.deps.secretBox,
      logger: kit.handoffDeps.logger,
      poll_ms: 100,
    });
    await expect.poll(() => block.textContent(), { timeout: 15_000 }).toMatch(/Added by/);
    expect(await block.textContent()).toContain('Starts 5 January 2027');
    expect(await block.getByRole('link', { name: 'View in Gusto' }).count()).toBe(1);
    expect(page.url()).toBe(url);

    const employee = Object.values(kit.sandbox.ctx.store.data.employees).find(
      (e) => e.last_name === 'Nuñez-Teståd',
    );
    const job = Object.values(kit.sandbox.ctx.store.data.jobs).find(
      (j) => j.employee_uuid === employee?.uuid,
    );
    expect(employee?.first_name).toBe('Zoë');
    expect(job?.hire_date).toBe('2027-01-05');
    expect(requestViolations(kit)).toEqual([]);
  });
});
