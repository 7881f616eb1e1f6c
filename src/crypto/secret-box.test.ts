import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, parseKey, resolveSecretKey, SecretBoxError } from './secret-box.js';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips and never shows the plaintext', () => {
    const sealed = box.seal('access-token-canary');
    expect(sealed).not.toContain('access-token-canary');
    expect(box.open(sealed)).toBe('access-token-canary');
  });

  it('uses a fresh nonce each time', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses tampered data and a wrong key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow(SecretBoxError);
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow(SecretBoxError);
  });

  it('parses hex and base64 keys and refuses short ones', () => {
    const key = randomBytes(32);
    expect(parseKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseKey('too-short')).toThrow(/32 bytes/);
  });
});

describe('resolveSecretKey', () => {
  it('generates a development key once, readable only by its owner', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebridge-key-'));
    const first = resolveSecretKey({ NODE_ENV: 'development', dataDir });
    const second = resolveSecretKey({ NODE_ENV: 'development', dataDir });
    expect(first.equals(second)).toBe(true);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    fs.rmSync(dataDir, { recursive: true });
  });

  it('refuses production without a key', () => {
    expect(() => resolveSecretKey({ NODE_ENV: 'production', dataDir: os.tmpdir() })).toThrow(
      /required in production/,
    );
  });
});
