import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { createApp } from './app.js';
import { addTestAccount, TEST_PASSWORD, TestBrowser } from './testing.js';

describe.each(testDialects)('request logs on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('writes one line per request with ids, and never the password, cookie or CSRF token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger({ level: 'info' }, sink);
    const config = loadConfig({ NODE_ENV: 'test' });
    const browser = new TestBrowser(createApp({ storage, config, logger }));
    const { email, accountId } = await addTestAccount(storage);
    const signIn = await browser.signIn(email);
    const session = /hb_session=([^;]+)/.exec(signIn.headers.getSetCookie().join(';'))?.[1];
    await browser.get('/candidates?q=secret-search-words');

    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /sign-in 200',
      'POST /sign-in 303',
      'GET /dashboard 200',
      'GET /candidates 200',
    ]);
    expect(requests[3]).toMatchObject({ account_id: accountId, req_id: expect.any(String) });
    const all = lines.join('\n');
    expect(session).toBeTruthy();
    for (const secret of [TEST_PASSWORD, session ?? '', browser.csrf, 'secret-search-words']) {
      expect(all).not.toContain(secret);
    }
  });
});
