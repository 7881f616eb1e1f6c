import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, redactFields, redactValues, registerSecret } from './logger.js';

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

/** The field names redacted wherever they sit. */
const SECRET_FIELDS = [
  'access_token',
  'refresh_token',
  'client_secret',
  'code',
  'password',
  'token',
  'authorization',
  'cookie',
  'set-cookie',
  'ssn',
  'verification_token',
  'secret',
  'csrf',
];

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

  it('hides them whatever the case of the field name, as HTTP headers come', () => {
    const { lines, stream } = capture();
    const log = createLogger({}, stream);
    log.info({ headers: { Authorization: 'Bearer canary-case', 'Set-Cookie': 'sid=canary-c' } });
    const out = lines.join('');
    expect(out).not.toContain('canary-case');
    expect(out).not.toContain('canary-c');
    expect(out).toContain('"Authorization":"[Redacted]"');
  });

  it('hides them in arrays, child bindings, serialised errors and below four levels', () => {
    const { lines, stream } = capture();
    const log = createLogger({}, stream).child({ session: { csrf: 'canary-field-2' } });
    const deep = { a: { b: { c: { d: { e: { password: 'canary-field-3' } } } } } };
    const err = Object.assign(new Error('refused'), { token: 'canary-field-4' });
    log.error({ list: [{ secret: 'canary-field-5' }], deep, err }, 'failed');
    const out = lines.join('');
    for (const n of [2, 3, 4, 5]) expect(out).not.toContain(`canary-field-${n}`);
    expect(JSON.parse(out)).toMatchObject({ err: { message: 'refused' }, msg: 'failed' });
  });

  // The redaction by field name was pino's, by path (each name at depths one to four); it
  // censors the same values now, in one pass over the written line.
  it.each([
    [{ token: 1, code: null, ssn: { x: 1 } }],
    [{ a: { refresh_token: 'r', b: 'keep' }, 'set-cookie': ['c'] }],
    [{ a: [{ authorization: 'x' }, { keep: 1 }], b: { c: { d: { verification_token: 'v' } } } }],
    [{ a: { b: { client_secret: 's', c: [1, 2] } }, note: '"token": written in a string' }],
    [{ keep: 'nothing secret here', n: 2.5, flag: true }],
  ])('censors what pino censored by path: %j', (fields) => {
    const paths = SECRET_FIELDS.flatMap((f) => {
      const key = f.includes('-') ? `["${f}"]` : f;
      return [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`];
    });
    const ours = capture();
    const theirs = capture();
    createLogger({}, ours.stream).info(fields, 'm');
    pino({ redact: { paths, censor: '[Redacted]' } }, theirs.stream).info(fields, 'm');

    const { time: _t1, ...line } = JSON.parse(ours.lines.join(''));
    const { time: _t2, ...expected } = JSON.parse(theirs.lines.join(''));
    expect(line).toEqual(expected);
  });

  it('hides a registered secret value wherever it appears, even in a message', () => {
    const { lines, stream } = capture();
    const log = createLogger({}, stream);
    registerSecret('canary-value-0123456789');
    log.warn({ note: 'saw canary-value-0123456789 here' }, 'token canary-value-0123456789 leaked?');
    expect(lines.join('')).not.toContain('canary-value-0123456789');
  });
});

describe('redactFields', () => {
  it('leaves a line without a secret field exactly as written', () => {
    const line = '{"level":30,"note":"a \\"token\\": in a string","n":1.50}\n';
    expect(redactFields(line)).toBe(line);
  });

  it('withholds a line it cannot read rather than write a secret field', () => {
    expect(redactFields('{"token":"canary-field-6"\n')).not.toContain('canary-field-6');
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
