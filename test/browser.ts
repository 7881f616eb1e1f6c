import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Starts Debian's Chromium headless for browser tests. Background networking is off, since this
 * machine's closed network refuses Chromium's own calls home, and no browser is downloaded.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

const SCREENSHOTS = path.resolve('docs/screenshots');

/**
 * Saves a screenshot for the README. Existing files are kept unless UPDATE_SCREENSHOTS=1, so a
 * test run does not rewrite committed images whose timestamps differ from run to run.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  if (fs.existsSync(file) && process.env.UPDATE_SCREENSHOTS !== '1') return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(file, await page.screenshot({ fullPage: true }));
}
