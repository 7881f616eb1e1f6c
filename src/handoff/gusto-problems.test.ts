import { describe, expect, it } from 'vitest';
import { fieldFor, problemsFrom } from './gusto-problems.js';

describe("Gusto's 422 complaints beside the review form's fields", () => {
  it.each([
    ['job', 'title', 'job_title'],
    ['job', 'hire_date', 'start_date'],
    ['compensation', 'effective_date', 'start_date'],
    ['compensation', 'flsa_status', 'flsa_status'],
    ['create_employee', 'email', 'email'],
    ['create_contractor', 'type', 'contractor_type'],
    ['work_address', 'location_uuid', 'location_uuid'],
    ['create_employee', 'base', null],
  ] as const)('%s: error_key %s goes beside %s', (step, key, field) => {
    expect(fieldFor(step, key)).toBe(field);
  });

  it("keeps Gusto's words, flattening nested errors", () => {
    const problems = problemsFrom('create_employee', [
      {
        error_key: 'employee',
        category: 'nested_errors',
        message: null,
        metadata: null,
        errors: [
          {
            error_key: 'email',
            category: 'invalid_attribute_value',
            message: 'Email has already been taken',
            metadata: null,
            errors: [],
          },
        ],
      },
      { error_key: 'ssn', category: 'invalid', message: null, metadata: null, errors: [] },
    ]);
    expect(problems).toEqual([
      { error_key: 'email', field: 'email', message: 'Email has already been taken' },
      { error_key: 'ssn', field: null, message: 'ssn: invalid' },
    ]);
  });
});
