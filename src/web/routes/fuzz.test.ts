import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../../test/databases.js';
import { createCandidate } from '../../candidates/candidates.js';
import { createJob } from '../../jobs/jobs.js';
import { addTestAccount, createTestApp, TestBrowser } from '../testing.js';

/** Values that have broken form handlers elsewhere: NUL, broken UTF-16, huge, SQL, markup. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff x',
  '\r\n\t',
  'x'.repeat(20_000),
  "' OR 1=1 --",
  '%',
  '_%\\',
  '<script>alert(1)</script>',
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  '0000-00-00',
  '2027-13-45',
  '😀👩‍👩‍👧',
  'Zoë Nuñez-Teståd',
  '__proto__',
  '{"a":1}',
];

const FIELDS = [
  'email',
  'password',
  'next',
  'title',
  'department',
  'location',
  'employment_type',
  'first_name',
  'last_name',
  'preferred_name',
  'phone',
  'job_id',
  'stage',
  'note',
  'start_date',
  'job_title',
  'worker_type',
  'pay_rate',
  'pay_unit',
  'work_location',
  'name',
  'plan',
  'user_name',
  'user_email',
  'role',
];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe.each(testDialects)('garbage input never answers 500, on %s', (dialect) => {
  let storage: TestStorage;
  let browser: TestBrowser;
  let paths: string[];
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    const me = await addTestAccount(storage);
    const job = await createJob(storage.db, me.accountId, {
      title: 'Fuzz target',
      department: null,
      location: null,
      employment_type: 'full_time',
    });
    const candidate = await createCandidate(storage.db, me.accountId, {
      first_name: 'Fuzz',
      last_name: 'Target',
      preferred_name: null,
      email: null,
      phone: null,
      job_id: job.id,
    });
    const c = `/candidates/${candidate.id}`;
    paths = [
      '/jobs',
      `/jobs/${job.id}`,
      `/jobs/${job.id}/close`,
      `/jobs/${job.id}/open`,
      '/candidates',
      c,
      `${c}/stage`,
      `${c}/notes`,
      `${c}/hire`,
      '/settings/account',
      '/settings/users',
      '/sign-in',
    ];
    browser = new TestBrowser(createTestApp(storage));
    await browser.signIn(me.email);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('posts every nasty value in every field of every form', async () => {
    const failures: string[] = [];
    for (const path of paths) {
      for (const value of NASTY) {
        const fields = Object.fromEntries(FIELDS.map((f) => [f, value]));
        const response = await browser.post(path, fields);
        if (response.status >= 500) failures.push(`${path} ${JSON.stringify(value.slice(0, 20))}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('posts random mixes of nasty values', async () => {
    const next = random(20270105);
    const failures: string[] = [];
    for (let i = 0; i < 150; i++) {
      const path = paths[Math.floor(next() * paths.length)] ?? '/jobs';
      const fields = Object.fromEntries(
        FIELDS.map((f) => [f, NASTY[Math.floor(next() * NASTY.length)] ?? '']),
      );
      const response = await browser.post(path, fields);
      if (response.status >= 500) failures.push(`${path} ${JSON.stringify(fields).slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  });

  it('survives malformed bodies and content types', async () => {
    const token = encodeURIComponent(browser.csrf);
    const bodies: [string, BodyInit][] = [
      ['application/x-www-form-urlencoded', `_csrf=${token}&first_name=%ZZ&last_name=%ED%A0%80`],
      ['application/x-www-form-urlencoded', `_csrf=${token}&a[]=1&a[]=2&__proto__[x]=1`],
      ['multipart/form-data; boundary=xyz', `--xyz\r\nbroken`],
      ['multipart/form-data', 'no boundary at all'],
      ['application/json', '{"first_name": "json"}'],
      ['application/json', '{not json'],
      ['text/plain', 'hello'],
      ['application/octet-stream', new Uint8Array([0, 255, 254, 0, 1])],
      ['application/x-www-form-urlencoded', `_csrf=${token}&note=${'x'.repeat(300_000)}`],
    ];
    for (const path of paths) {
      for (const [type, body] of bodies) {
        const response = await browser.request(path, {
          method: 'POST',
          headers: { 'content-type': type },
          body,
        });
        expect(response.status, `${path} ${type}`).toBeLessThan(500);
      }
    }
  });

  it('survives garbage in paths and query strings', async () => {
    const gets = [
      '/candidates/%00',
      '/candidates/%00/hire',
      "/jobs/'%20OR%201=1%20--",
      '/jobs/%ED%A0%80/edit',
      '/candidates?q=%00&job=%00&stage=%00&page=%00',
      '/candidates?q=%25_%5C&page=99999999999999999999',
      `/candidates?q=${'x'.repeat(5000)}`,
      '/candidates?page=-1&page=2',
      '/sign-in?next=%00',
      '/sign-in?next=%0d%0aSet-Cookie:%20x=1',
    ];
    for (const path of gets) {
      const response = await browser.request(path);
      expect(response.status, path).toBeLessThan(500);
    }
    const posts = ['/candidates/%00/stage', '/jobs/%00/close', '/candidates/%F0%9F%98%80/notes'];
    for (const path of posts) {
      expect((await browser.post(path, { stage: 'new', note: 'x' })).status, path).toBeLessThan(
        500,
      );
    }
  });

  it('refuses a sign-in redirect that would break the Location header', async () => {
    const visitor = new TestBrowser(createTestApp(storage));
    await visitor.get('/sign-in');
    const email = (await addTestAccount(storage)).email;
    const response = await visitor.post('/sign-in', {
      email,
      password: 'correct horse battery',
      next: '/jobs\r\nSet-Cookie: x=1',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard');
  });
});
