import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactValues, registerSecret } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });

  return { lines, stream };
}

describe('logger redaction', () => {
  it('hides secrets by field name, at any depth', () => {
    const { lines, stream } = capture();
    const log = createLogger({}, stream);
    log.info({ access_token: 'canary-field-1', req: { headers: { authorization: 'Bearer x' } } });
    const out = lines.join('');
    expect(out).not.toContain('canary-field-1');
    expect(out).not.toContain('Bearer x');
    expect(out).toContain('[Redacted]');
  });

  it('hides a registered secret value wherever it appears, even in a message', () => {
    const { lines, stream } = capture();
    const log = createLogger({}, stream);
    registerSecret('canary-value-0123456789');
    log.warn({ note: 'saw canary-value-0123456789 here' }, 'token canary-value-0123456789 leaked?');
    expect(lines.join('')).not.toContain('canary-value-0123456789');
  });
});

describe('redactValues', () => {
  it('catches a registered token in a URL, a header and JSON alike', () => {
    registerSecret('tok_Abc-123.xyz~9');
    const line = redactValues(
      '{"url":"/cb?code=tok_Abc-123.xyz~9&state=1","h":"Bearer tok_Abc-123.xyz~9"}',
    );
    expect(line).not.toContain('tok_Abc-123.xyz~9');
    expect(line.match(/\[Redacted\]/g)).toHaveLength(2);
  });

  it('keeps at most ten thousand values, dropping the oldest first', () => {
    registerSecret('oldest-secret-value');
    for (let i = 0; i < 10_000; i++) registerSecret(`filler-secret-${i}`);
    expect(redactValues('oldest-secret-value')).toBe('oldest-secret-value');
    expect(redactValues('filler-secret-9999')).toBe('[Redacted]');
  });
});
