import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage, testDialects } from '../../test/databases.js';
import { createAccount } from '../accounts/accounts.js';
import { countCandidates } from './candidate-list.js';
import {
  createCandidate,
  getCandidate,
  HireStepRequiredError,
  listStageChanges,
  moveCandidate,
} from './candidates.js';
import { getHire, type HireInput, recordHire } from './hires.js';

const HIRE: HireInput = {
  start_date: '2027-01-05',
  job_title: 'Engineer',
  worker_type: 'contractor',
  pay_rate: '85.00',
  pay_unit: 'Hour',
  department: null,
  work_location: null,
};

const person = (first_name: string, last_name: string) => ({
  first_name,
  last_name,
  preferred_name: null,
  email: null,
  phone: null,
  job_id: null,
});

describe.each(testDialects)('candidates and hires on %s', (dialect) => {
  let storage: TestStorage;
  let mine: string;
  let theirs: string;
  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    mine = (await createAccount(storage.db, { name: 'Mine', plan: 'scale' })).id;
    theirs = (await createAccount(storage.db, { name: 'Theirs', plan: 'scale' })).id;
  });
  afterAll(async () => {
    await storage.close();
  });

  it('stores names byte for byte, including apostrophes and combining accents', async () => {
    const names = ["O'Testname", 'O’Testname', 'Nuñez-Teståd', 'Zoe\u0308', '李 小龍'];
    for (const last of names) {
      const created = await createCandidate(storage.db, mine, person('Zoë', last));
      const read = await getCandidate(storage.db, mine, created.id);
      expect(Buffer.from(read?.last_name ?? '').equals(Buffer.from(last)), last).toBe(true);
    }
  });

  it("never reads, moves or hires another account's candidate", async () => {
    const other = await createCandidate(storage.db, theirs, person('Other', 'Person'));
    expect(await getCandidate(storage.db, mine, other.id)).toBeUndefined();
    const move = {
      accountId: mine,
      candidateId: other.id,
      stage: 'rejected',
      userId: null,
    } as const;
    expect(await moveCandidate(storage.db, move)).toBe(false);
    const hire = { accountId: mine, candidateId: other.id, userId: null, hire: HIRE };
    expect(await recordHire(storage.db, hire)).toBeUndefined();
    expect(await getHire(storage.db, theirs, other.id)).toBeUndefined();
    expect(await countCandidates(storage, mine, { q: 'Other' }, 10)).toEqual({
      count: 0,
      more: false,
    });
  });

  it('hires through the hire step only, one record per candidate, updated in place', async () => {
    const c = await createCandidate(storage.db, mine, person('Hire', 'Me'));
    const move = { accountId: mine, candidateId: c.id, stage: 'hired', userId: null } as const;
    await expect(moveCandidate(storage.db, move)).rejects.toThrow(HireStepRequiredError);

    const input = { accountId: mine, candidateId: c.id, userId: null };
    const first = await recordHire(storage.db, { ...input, hire: HIRE });
    const second = await recordHire(storage.db, { ...input, hire: { ...HIRE, pay_rate: '90.00' } });
    expect(second?.id).toBe(first?.id);
    expect(second?.pay_rate).toBe('90.00');
    expect((await getCandidate(storage.db, mine, c.id))?.stage).toBe('hired');
    const history = await listStageChanges(storage.db, mine, c.id);
    expect(history.map((h) => [h.from_stage, h.to_stage])).toEqual([
      [null, 'new'],
      ['new', 'hired'],
    ]);
  });
});
