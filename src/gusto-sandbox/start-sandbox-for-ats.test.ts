import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedSandbox } from './seed.js';
import { type RunningSandbox, startSandboxForAts } from './start-sandbox-for-ats.js';
import { SandboxStore } from './state.js';

const callback = 'http://127.0.0.1:4123/integrations/gusto/callback';
const dirs: string[] = [];
const running: RunningSandbox[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gusto-sandbox-'));
  dirs.push(dir);

  return dir;
}

async function start(dir: string): Promise<RunningSandbox> {
  const sandbox = await startSandboxForAts({ dataDir: dir, port: 0, redirect_uri: callback });
  running.push(sandbox);

  return sandbox;
}

describe('startSandboxForAts', () => {
  it('serves on loopback with the local application accepting the ATS callback', async () => {
    const sandbox = await start(dataDir());
    const authorize = new URLSearchParams({
      client_id: sandbox.client_id,
      redirect_uri: callback,
      response_type: 'code',
    });
    const response = await fetch(`${sandbox.url}/oauth/authorize?${authorize}`);

    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect([sandbox.client_id, sandbox.client_secret]).toEqual([
      'hirebridge-local',
      'hirebridge-local-secret',
    ]);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Sign in');
  });

  it('keeps the state across a restart from the same data folder', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const companies = Object.keys(first.sandbox.ctx.store.data.companies).sort();
    const created = await fetch(`${first.url}/__sandbox/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Kept', redirect_uris: ['http://127.0.0.1:9/cb'] }),
    });
    const { client_id } = (await created.json()) as { client_id: string };
    await first.close();
    running.splice(0);

    const second = await start(dir);
    const data = second.sandbox.ctx.store.data;
    expect(Object.keys(data.companies).sort()).toEqual(companies);
    expect(data.apps[client_id]?.name).toBe('Kept');
    expect(data.apps['hirebridge-local']?.redirect_uris).toEqual([
      'http://localhost:3000/integrations/gusto/callback',
      callback,
    ]);
  });
});

describe('SandboxStore persistence', () => {
  it('reads back what was flushed, without seeding again', () => {
    const file = path.join(dataDir(), 'state.json');
    const store = new SandboxStore(file, seedSandbox);
    store.data.clock_offset_seconds = 42;
    store.changed();
    store.flush();

    const again = new SandboxStore(file, () => {
      throw new Error('a saved state must not be seeded again');
    });
    expect(again.data).toEqual(store.data);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('saves shortly after a change without an explicit flush', async () => {
    const file = path.join(dataDir(), 'state.json');
    const store = new SandboxStore(file, seedSandbox);
    store.data.clock_offset_seconds = 7;
    store.changed();
    await new Promise((resolve) => setTimeout(resolve, 150));

    expect(JSON.parse(fs.readFileSync(file, 'utf8')).clock_offset_seconds).toBe(7);
  });
});
