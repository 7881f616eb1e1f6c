import { describe, expect, it } from 'vitest';
import type { Contractor, Employee } from '../gusto-client/types.js';
import type { ContractorForm, EmployeeForm } from './handoff-form.js';
import { isOurContractor, isOurEmployee } from './reconcile.js';
import { contractorValues, employeeValues } from './test-forms.js';
import { validateForm } from './validate-form.js';

function form<T extends EmployeeForm | ContractorForm>(values: Parameters<typeof validateForm>[0]) {
  const check = validateForm(values);
  if (!check.ok) throw new Error(JSON.stringify(check.errors));
  return check.form as T;
}

const employee: Employee = {
  uuid: 'e1',
  company_uuid: 'c1',
  version: 'v',
  first_name: 'Ada',
  middle_initial: null,
  last_name: 'Lovelace',
  preferred_first_name: null,
  email: 'Ada.Lovelace@Example.test',
  work_email: null,
  date_of_birth: '1990-12-10',
  onboarded: false,
  onboarding_status: 'onboarding_started',
  terminated: false,
  department_uuid: null,
  jobs: [],
};

describe('which person an unknown create made', () => {
  const withEmail = form<EmployeeForm>(employeeValues());
  const noEmail = form<EmployeeForm>(
    employeeValues({ email: '', self_onboarding: '', date_of_birth: '1990-12-10' }),
  );

  it.each([
    ['the same personal email, whatever its case', employee, withEmail, true],
    ['another email', { ...employee, email: 'ada@elsewhere.test' }, withEmail, false],
    [
      'an onboarded namesake (not made moments ago)',
      { ...employee, onboarded: true },
      withEmail,
      false,
    ],
    ['a terminated one', { ...employee, terminated: true }, withEmail, false],
    ['no email: the same names and date of birth', { ...employee, email: null }, noEmail, true],
    [
      'no email: another date of birth',
      { ...employee, email: null, date_of_birth: '1991-01-01' },
      noEmail,
      false,
    ],
    [
      'no email: a differently spelled name',
      { ...employee, email: null, last_name: 'Lovelacé' },
      noEmail,
      false,
    ],
  ] as const)('employee: %s → %s', (_, person, f, expected) => {
    expect(isOurEmployee(person, f)).toBe(expected);
  });

  it('without an email or a date of birth, adopts nobody (it creates rather than guess)', () => {
    const bare = form<EmployeeForm>(employeeValues({ email: '', self_onboarding: '' }));
    expect(isOurEmployee({ ...employee, email: null }, bare)).toBe(false);
  });

  const contractor: Contractor = {
    uuid: 'k1',
    company_uuid: 'c1',
    version: 'v',
    type: 'Business',
    wage_type: 'Fixed',
    first_name: null,
    last_name: null,
    middle_initial: null,
    business_name: 'Nuñez & Co',
    email: null,
    work_email: null,
    start_date: '2027-02-01',
    hourly_rate: null,
    is_active: true,
    onboarded: false,
    onboarding_status: null,
    department_uuid: null,
  };

  it('a business without email: the same business name and start date', () => {
    const business = form<ContractorForm>(
      contractorValues({
        contractor_type: 'Business',
        business_name: 'Nuñez & Co',
        wage_type: 'Fixed',
        email: '',
        self_onboarding: '',
      }),
    );
    expect(isOurContractor(contractor, business)).toBe(true);
    expect(isOurContractor({ ...contractor, start_date: '2027-03-01' }, business)).toBe(false);
    expect(isOurContractor({ ...contractor, is_active: false }, business)).toBe(false);
  });
});
