import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { type RunningServer, startServer } from './server.js';
import { addTestAccount, createTestApp, TestBrowser } from './testing.js';

/** A form body just over the 256 KB limit. */
const OVERSIZED_NOTE = `note=${'x'.repeat(300_000)}`;

/** Sends one request through `agent` and reads the whole answer. */
function send(
  agent: Agent,
  url: string,
  options: { method: string; body?: string },
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = options.body
      ? { 'content-type': 'application/x-www-form-urlencoded' }
      : undefined;
    const req = request(url, { agent, method: options.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe.each(testDialects)('forms over the size limit on %s', (dialect) => {
  let storage: TestStorage;
  let browser: TestBrowser;
  let server: RunningServer;
  let candidatePath: string;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    const { email } = await addTestAccount(storage);
    const app = createTestApp(storage);
    browser = new TestBrowser(app);
    await browser.signIn(email);
    candidatePath = `/candidates/${crypto.randomUUID()}/notes`;
    server = await startServer(app, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await storage.close();
  });

  it('explains the limit in the app layout and sends the user back, not a bare 413', async () => {
    // The page said only "Shorten what you typed" with no menu, and everything typed seemed lost.
    const response = await browser.request(candidatePath, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: OVERSIZED_NOTE,
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await response.text();
    expect(text).toContain('<nav class="menu" aria-label="Main">');
    expect(text).toContain('A form can send at most 256 KB');
    expect(text).toContain('Use your browser&#39;s Back button to return to the form');
  });

  it('answers Connection: close whether or not the body states its length', async () => {
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new Uint8Array(10_000).fill(120));
        controller.close();
      },
    });
    const streamed = await browser.request(candidatePath, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(streamed.headers.get('connection')).toBe('close');
  });

  it('lets a keep-alive client send its next request after a 413', async () => {
    // The 413 said keep-alive, then the server dropped the connection: the next request failed.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const url = `${server.url}/sign-in`;
      const refused = await send(agent, url, { method: 'POST', body: OVERSIZED_NOTE });
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      const next = await send(agent, url, { method: 'GET' });
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
