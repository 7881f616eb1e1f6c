import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** AES-256-GCM with a 96-bit random nonce (NIST SP 800-38D §8.2.2) and a 128-bit tag. */
const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Prefix naming the format, so a future key rotation can tell ciphertexts apart. */
const FORMAT = 'v1';

/** Encrypts and decrypts secrets at rest (OAuth tokens). */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** Raised when a sealed value cannot be opened: wrong key, or tampered or truncated data. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/** Creates a box from a 32-byte key. */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new SecretBoxError('The encryption key must be 32 bytes');

  return {
    seal: (plaintext) => seal(key, plaintext),
    open: (sealed) => open(key, sealed),
  };
}

function seal(key: Buffer, plaintext: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();

  return [FORMAT, nonce, tag, body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

function open(key: Buffer, sealed: string): string {
  const [format, nonce, tag, body] = sealed.split('.');
  if (format !== FORMAT || nonce === undefined || tag === undefined || body === undefined) {
    throw new SecretBoxError('Not a sealed value');
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(nonce, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));

    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch (cause) {
    throw new SecretBoxError('Could not decrypt: wrong key or damaged data', { cause });
  }
}

/** Reads a key given as 64 hex characters or base64 of 32 bytes. */
export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new SecretBoxError(
      'HIREBRIDGE_SECRET_KEY must be 32 bytes, as 64 hex characters or base64 ' +
        '(openssl rand -hex 32)',
    );
  }

  return key;
}

/**
 * The key in force: `HIREBRIDGE_SECRET_KEY` when set; in development, one generated once into the
 * data folder with 0600 permissions. Production refuses to start without the variable (the
 * config schema enforces that before we get here).
 */
export function resolveSecretKey(config: {
  HIREBRIDGE_SECRET_KEY?: string | undefined;
  NODE_ENV: string;
  dataDir: string;
}): Buffer {
  if (config.HIREBRIDGE_SECRET_KEY) return parseKey(config.HIREBRIDGE_SECRET_KEY);
  if (config.NODE_ENV === 'production') {
    throw new SecretBoxError('HIREBRIDGE_SECRET_KEY is required in production');
  }
  const file = path.join(config.dataDir, 'secret.key');
  if (!fs.existsSync(file)) writeNewKey(file);

  return parseKey(fs.readFileSync(file, 'utf8'));
}

function writeNewKey(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx' fails if another process created the key first; then we read theirs.
    fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
