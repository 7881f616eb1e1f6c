import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { signIn } from '../accounts/sign-in.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from './seed.js';

describe.each(testDialects)('demo seed on %s', (dialect) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
  });
  afterAll(async () => {
    await storage.close();
  });

  it('seeds Acme Robotics on Scale and Globex on Start, once', async () => {
    expect(await seedDemoIfEmpty(storage.db)).toBe(true);
    expect(await seedDemoIfEmpty(storage.db)).toBe(false);
    const accounts = await storage.db.selectFrom('accounts').select(['name', 'plan']).execute();
    expect(accounts.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'Acme Robotics', plan: 'scale' },
      { name: 'Globex', plan: 'start' },
    ]);
  });

  it('lets both admins sign in with the demo password', async () => {
    for (const email of ['admin@acme.test', 'admin@globex.test']) {
      const result = await signIn(storage.db, { email, password: DEMO_PASSWORD, ip: 'seed-test' });
      expect(result.outcome).toBe('signed_in');
    }
  });

  it('gives Acme about twenty candidates across every stage', async () => {
    const acme = await storage.db
      .selectFrom('accounts')
      .select('id')
      .where('name', '=', 'Acme Robotics')
      .executeTakeFirstOrThrow();
    const rows = await storage.db
      .selectFrom('candidates')
      .select('stage')
      .where('account_id', '=', acme.id)
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(18);
    expect(new Set(rows.map((r) => r.stage))).toEqual(
      new Set(['new', 'screening', 'interview', 'offer', 'hired', 'rejected']),
    );
  });

  it('hires an employee and a contractor, names keeping apostrophe and accents', async () => {
    const hires = await storage.db
      .selectFrom('hires as h')
      .innerJoin('candidates as c', 'c.id', 'h.candidate_id')
      .select(['c.first_name', 'c.last_name', 'c.stage', 'h.worker_type', 'h.start_date'])
      .orderBy('h.worker_type')
      .execute();
    expect(hires).toEqual([
      {
        first_name: 'Zoë',
        last_name: 'Nuñez-Teståd',
        stage: 'hired',
        worker_type: 'contractor',
        start_date: '2027-02-01',
      },
      {
        first_name: 'Siobhán',
        last_name: "O'Connor",
        stage: 'hired',
        worker_type: 'employee',
        start_date: '2027-01-05',
      },
    ]);
    expect(Buffer.from(hires[0]?.last_name ?? '').toString('hex')).toBe(
      Buffer.from('Nuñez-Teståd').toString('hex'),
    );
  });
});
