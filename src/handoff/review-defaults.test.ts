import { describe, expect, it } from 'vitest';
import type { Candidate } from '../candidates/candidates.js';
import type { Hire } from '../candidates/hires.js';
import { matchLocation, recordedChoices, resolveNames, reviewDefaults } from './review-defaults.js';

const candidate: Candidate = {
  id: 'c1',
  account_id: 'a1',
  job_id: null,
  first_name: 'Zoë',
  last_name: "O'Testname",
  preferred_name: 'Zo',
  email: null,
  phone: '4155550123',
  stage: 'hired',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

const hire: Hire = {
  id: 'h1',
  account_id: 'a1',
  candidate_id: 'c1',
  start_date: '2027-01-05',
  job_title: 'Robot Wrangler',
  worker_type: 'employee',
  pay_rate: '32.50',
  pay_unit: 'Hour',
  department: ' engineering ',
  work_location: 'San Francisco',
  recorded_by: null,
  recorded_at: '2026-01-01T00:00:00.000Z',
};

const choices = {
  departments: [
    { uuid: 'd-sales', title: 'Sales' },
    { uuid: 'd-eng', title: 'Engineering' },
  ],
  locations: [
    { uuid: 'l-ny', label: '1 Main St, New York, NY', terms: ['1 Main St', 'New York', 'NY'] },
    {
      uuid: 'l-sf',
      label: '525 20th St, San Francisco, CA',
      terms: ['525 20th St', 'San Francisco', 'CA'],
    },
  ],
};

describe('reviewDefaults', () => {
  it('pre-fills from the candidate and the hire, names untouched, no email invented', () => {
    const values = reviewDefaults(candidate, hire, choices);
    expect(values).toMatchObject({
      worker_type: 'employee',
      first_name: 'Zoë',
      last_name: "O'Testname",
      preferred_first_name: 'Zo',
      email: '',
      start_date: '2027-01-05',
      job_title: 'Robot Wrangler',
      rate: '32.50',
      payment_unit: 'Hour',
      flsa_status: 'Nonexempt',
      self_onboarding: 'on',
      department_uuid: 'd-eng',
      location_uuid: 'l-sf',
    });
  });

  it('pre-selects no location when the text matches none, and the only one when alone', () => {
    expect(matchLocation('Berlin', choices.locations)).toBe('');
    expect(matchLocation(null, choices.locations.slice(0, 1))).toBe('l-ny');
  });

  it('makes an hourly contractor from an hourly contractor hire', () => {
    const values = reviewDefaults(candidate, { ...hire, worker_type: 'contractor' }, choices);
    expect(values).toMatchObject({
      worker_type: 'contractor',
      wage_type: 'Hourly',
      hourly_rate: '32.50',
    });
  });
});

describe("choices by name, when Gusto cannot list the company's own", () => {
  it("offers the hire's recorded department and location, pre-selected by name", () => {
    const offered = recordedChoices(hire);
    expect(offered.departments).toEqual([{ uuid: 'name:engineering', title: 'engineering' }]);
    expect(offered.locations.map((l) => l.uuid)).toEqual(['name:San Francisco']);
    const values = reviewDefaults(candidate, hire, offered);
    expect(values).toMatchObject({
      department_uuid: 'name:engineering',
      location_uuid: 'name:San Francisco',
    });
  });

  it('keeps what the form already holds among the offered choices', () => {
    const values = { ...reviewDefaults(candidate, hire, choices), department_uuid: 'd-eng' };
    const offered = recordedChoices({ department: null, work_location: null }, values);
    expect(offered.departments).toEqual([{ uuid: 'd-eng', title: 'As chosen before' }]);
    expect(offered.locations.map((l) => l.uuid)).toEqual(['l-sf']);
  });

  it('matches names against the live lists, clearing a name Gusto does not have', () => {
    const values = reviewDefaults(candidate, hire, recordedChoices(hire));
    expect(resolveNames(values, choices)).toMatchObject({
      department_uuid: 'd-eng',
      location_uuid: 'l-sf',
    });
    const unknown = { ...values, department_uuid: 'name:Robotics', location_uuid: 'name:Berlin' };
    expect(resolveNames(unknown, choices)).toMatchObject({
      department_uuid: '',
      location_uuid: '',
    });
  });
});
