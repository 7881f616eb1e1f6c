import { describe, expect, it } from 'vitest';
import { validateRequestBody } from '../gusto-spec/index.js';
import { formatDate } from '../web/format.js';
import { createContractorBody, createEmployeeBody, createJobBody } from './gusto-payloads.js';
import type { ContractorForm, EmployeeForm, FormValues } from './handoff-form.js';
import { contractorValues, employeeValues } from './test-forms.js';
import { PERSONAL_EMAIL_REQUIRED, validateForm } from './validate-form.js';

function employee(values: FormValues): EmployeeForm {
  const check = validateForm(values);
  if (!check.ok || check.form.worker_type !== 'employee') throw new Error('not a valid employee');
  return check.form;
}

function contractor(values: FormValues): ContractorForm {
  const check = validateForm(values);
  if (!check.ok || check.form.worker_type !== 'contractor') throw new Error('not a contractor');
  return check.form;
}

function errorsOf(values: FormValues) {
  const check = validateForm(values);
  return check.ok ? {} : check.errors;
}

describe('validateForm', () => {
  it('keeps apostrophes, accents and hyphens byte for byte into the payload (C5)', () => {
    const form = employee(employeeValues({ first_name: 'Zoë', last_name: 'Nuñez-Teståd' }));
    const body = JSON.stringify(createEmployeeBody(form));
    expect(Buffer.from(createEmployeeBody(form).first_name)).toEqual(Buffer.from('Zoë'));
    expect(body).toContain('"last_name":"Nuñez-Teståd"');

    const curly = employee(employeeValues({ last_name: 'O’Testname' }));
    expect(createEmployeeBody(curly).last_name).toBe('O’Testname');
    expect(
      createEmployeeBody(employee(employeeValues({ last_name: "O'Testname" }))).last_name,
    ).toBe("O'Testname");
  });

  it('refuses self-onboarding without a personal email and invents none (C6)', () => {
    expect(errorsOf(employeeValues({ email: '' })).email).toBe(PERSONAL_EMAIL_REQUIRED);
    expect(PERSONAL_EMAIL_REQUIRED).toMatch(/personal email is required for self-onboarding/);
    expect(errorsOf(contractorValues({ email: '  ' })).email).toBe(PERSONAL_EMAIL_REQUIRED);

    const admin = employee(employeeValues({ email: '', self_onboarding: '' }));
    expect(createEmployeeBody(admin)).not.toHaveProperty('email');
  });

  it('needs no date of birth (C11)', () => {
    const form = employee(employeeValues({ date_of_birth: '' }));
    expect(createEmployeeBody(form)).not.toHaveProperty('date_of_birth');
  });

  it('keeps the start date as the typed text, shown without a time-zone shift (C4)', () => {
    const form = employee(employeeValues({ start_date: '2027-01-05' }));
    expect(createJobBody(form).hire_date).toBe('2027-01-05');
    expect(formatDate(form.start_date)).toBe('5 January 2027');
  });

  it.each([
    ['start_date', '2027-02-30'],
    ['start_date', '05/01/2027'],
    ['date_of_birth', '1990-13-01'],
    ['middle_initial', 'JR'],
    ['middle_initial', '.'],
    ['phone', '555-0123'],
    ['rate', '85,000'],
    ['rate', '-5'],
    ['first_name', '   '],
    ['last_name', ''],
    ['work_email', 'not-an-address'],
    ['payment_unit', 'Fortnight'],
    ['flsa_status', ''],
    ['location_uuid', ''],
    ['job_title', ''],
  ] as const)('puts a problem beside %s for %j', (field, value) => {
    expect(errorsOf(employeeValues({ [field]: value }))[field]).toBeTruthy();
  });

  it('accepts one accented middle initial and a formatted phone, keeping ten digits', () => {
    const form = employee(employeeValues({ middle_initial: 'É', phone: '+1 (415) 555-0123' }));
    expect(form.middle_initial).toBe('É');
    expect(form.phone).toBe('4155550123');
  });

  it('requires the hourly rate of an Hourly contractor only', () => {
    expect(errorsOf(contractorValues({ hourly_rate: '' })).hourly_rate).toBeTruthy();
    const fixed = contractor(contractorValues({ wage_type: 'Fixed', hourly_rate: '' }));
    expect(createContractorBody(fixed)).not.toHaveProperty('hourly_rate');
  });

  it('takes a business contractor by business name and a nine-digit EIN', () => {
    const values = contractorValues({ contractor_type: 'Business', first_name: '', last_name: '' });
    expect(errorsOf({ ...values, business_name: '' }).business_name).toBeTruthy();
    expect(errorsOf({ ...values, business_name: 'Acme', ein: '12-34567' }).ein).toBeTruthy();

    const form = contractor({ ...values, business_name: 'Nuñez & Co', ein: '12-3456789' });
    expect(createContractorBody(form)).toMatchObject({
      business_name: 'Nuñez & Co',
      ein: '123456789',
    });
    expect(createContractorBody(form)).not.toHaveProperty('first_name');
  });

  it('asks for the worker type before anything else', () => {
    expect(Object.keys(errorsOf(employeeValues({ worker_type: '' })))).toEqual(['worker_type']);
  });

  it('accepts a department and location named for matching in Gusto, but not a blank name', () => {
    const named = { department_uuid: 'name:Engineering', location_uuid: 'name:San Francisco' };
    expect(employee(employeeValues(named))).toMatchObject(named);
    expect(contractor(contractorValues(named))).toMatchObject({
      department_uuid: 'name:Engineering',
      location_uuid: null,
    });
    const blank = errorsOf(employeeValues({ department_uuid: 'name: ', location_uuid: 'name:' }));
    expect(Object.keys(blank).sort()).toEqual(['department_uuid', 'location_uuid']);
  });
});

describe('the payloads', () => {
  it.each([
    [
      'employee',
      () => createEmployeeBody(employee(employeeValues({ date_of_birth: '1990-02-28' }))),
    ],
    ['contractor', () => createContractorBody(contractor(contractorValues()))],
  ] as const)("the %s create validates against Gusto's request schema", (kind, build) => {
    const path =
      kind === 'employee' ? '/v1/companies/c1/employees' : '/v1/companies/c1/contractors';
    expect(validateRequestBody('POST', path, build())).toMatchObject({ ok: true });
  });

  it("the job validates against Gusto's request schema", () => {
    const body = createJobBody(employee(employeeValues()));
    expect(validateRequestBody('POST', '/v1/employees/e1/jobs', body)).toMatchObject({ ok: true });
  });

  // These once passed the review form and reached Gusto, or were silently altered on the way.
  describe('refuses what Gusto should never receive', () => {
    const today = { today: '2026-12-04' };
    const errors = (values: FormValues, options = today) => {
      const check = validateForm(values, options);
      return check.ok ? {} : check.errors;
    };

    it('a date of birth today or later, or before 1900, each in its own words', () => {
      expect(errors(employeeValues({ date_of_birth: '2026-12-04' })).date_of_birth).toBe(
        'Date of birth must be in the past.',
      );
      expect(errors(employeeValues({ date_of_birth: '1899-12-31' })).date_of_birth).toBe(
        'Enter a date of birth after 1900.',
      );
      expect(errors(employeeValues({ date_of_birth: '2026-12-03' }))).toEqual({});
    });

    it('a zero rate for an employee or an hourly contractor', () => {
      expect(errors(employeeValues({ rate: '0.00' })).rate).toMatch(/greater than 0/);
      expect(errors(contractorValues({ hourly_rate: '0' })).hourly_rate).toMatch(/greater than 0/);
      expect(errors(contractorValues({ wage_type: 'Fixed', hourly_rate: '' }))).toEqual({});
    });

    it('a department or location not among the listed ones; a name stays allowed', () => {
      const choices = {
        departments: [{ uuid: 'dep-1', title: 'Engineering' }],
        locations: [{ uuid: 'location-1', label: 'Main St', terms: [] }],
      };
      const listed = { ...today, choices };
      expect(errors(employeeValues({ department_uuid: 'dep-9' }), listed).department_uuid).toBe(
        'Choose a department from the list.',
      );
      expect(errors(employeeValues({ location_uuid: 'loc-9' }), listed).location_uuid).toBe(
        'Choose a work location from the list.',
      );
      const byName = employeeValues({ department_uuid: 'name:Sales', location_uuid: 'name:SF' });
      expect(errors(byName, listed)).toEqual({});
      expect(errors(employeeValues({ department_uuid: 'dep-9' }))).toEqual({});
    });

    it.each(['\u0000', '\u001f', '\u007f', '\u202a', '\u202e', '\u2066', '\u2069'])(
      'control or bidi character %j, naming the field',
      (c) => {
        expect(errors(employeeValues({ job_title: `Ana${c}lyst` })).job_title).toMatch(
          /^Job title contains a control/,
        );
      },
    );

    it('spaces at either end, while keeping inner spaces, accents and apostrophes byte for byte', () => {
      expect(errors(employeeValues({ first_name: ' Zoë' })).first_name).toBe(
        'Remove the spaces at the start or end.',
      );
      expect(errors(employeeValues({ email: 'ada@example.test ' })).email).toBe(
        'Remove the spaces at the start or end.',
      );
      const kept = employee(employeeValues({ first_name: 'Zoë  Ann', last_name: "D'Nuñez" }));
      expect(kept).toMatchObject({ first_name: 'Zoë  Ann', last_name: "D'Nuñez" });
    });

    it('a self_onboarding value the checkbox never sends; absent is off', () => {
      expect(errors(employeeValues({ self_onboarding: 'true' })).self_onboarding).toBeDefined();
      expect(employee(employeeValues({ self_onboarding: '' })).self_onboarding).toBe(false);
    });
  });
});
