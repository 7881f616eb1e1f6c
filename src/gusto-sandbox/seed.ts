import { randomInt } from 'node:crypto';
import { hashPassword } from './oauth/passwords.js';
import type {
  SandboxAdmin,
  SandboxCompany,
  SandboxEmployee,
  SandboxLocation,
  SandboxStore,
} from './state.js';
import { newUuid, newVersion } from './state.js';

/** The seeded Gusto admin's sign-in. */
export const SEED_ADMIN = { email: 'payroll@acme.test', password: 'gusto-demo' } as const;

/** The seeded OAuth application the ATS uses when no real Gusto credentials are configured. */
export const SEED_APP = {
  name: 'Hirebridge (local)',
  client_id: 'hirebridge-local',
  client_secret: 'hirebridge-local-secret',
  redirect_uri: 'http://localhost:3000/integrations/gusto/callback',
} as const;

/** A street address, as a location is created from. */
export interface AddressInput {
  street_1: string;
  city: string;
  state: string;
  zip: string;
  phone_number: string;
}

/** Seeds an empty sandbox: the demo admin, companies, people and the local OAuth application. */
export function seedSandbox(store: SandboxStore): void {
  store.data.apps[SEED_APP.client_id] = {
    client_id: SEED_APP.client_id,
    client_secret: SEED_APP.client_secret,
    name: SEED_APP.name,
    redirect_uris: [SEED_APP.redirect_uri],
  };

  const robotics = seedRobotics(store);
  const labs = createCompany(store, 'Acme Labs LLC', 'LLC', adminContact);
  addLocation(store, labs.uuid, {
    street_1: '1200 Research Blvd',
    city: 'Austin',
    state: 'TX',
    zip: '78759',
    phone_number: '5125550140',
  });

  const admin = createAdmin(store, { ...adminContact, password: SEED_ADMIN.password });
  admin.company_uuids.push(robotics.uuid, labs.uuid);
}

const adminContact = {
  first_name: 'Pat',
  last_name: 'Lindqvist',
  email: SEED_ADMIN.email,
  phone: '4155550100',
};

function seedRobotics(store: SandboxStore): SandboxCompany {
  const company = createCompany(store, 'Acme Robotics Inc.', 'C-Corporation', adminContact);
  const hq = addLocation(store, company.uuid, {
    street_1: '425 Harrison St',
    city: 'San Francisco',
    state: 'CA',
    zip: '94105',
    phone_number: '4155550100',
  });
  const plant = addLocation(store, company.uuid, {
    street_1: '88 Foundry Way',
    city: 'Denver',
    state: 'CO',
    zip: '80216',
    phone_number: '3035550188',
  });
  const engineering = addDepartment(store, company.uuid, 'Engineering');
  const sales = addDepartment(store, company.uuid, 'Sales');

  for (const person of seededPeople) {
    const department = person.department === 'Engineering' ? engineering : sales;
    const location = person.site === 'hq' ? hq : plant;
    addOnboardedEmployee(store, company, { ...person, department, location });
  }

  return company;
}

/** Three fictional employees, already onboarded, with a primary job and one compensation. */
const seededPeople = [
  {
    first_name: 'Maya',
    last_name: 'Okafor',
    email: 'maya.okafor@mail.test',
    date_of_birth: '1988-03-14',
    department: 'Engineering',
    site: 'hq',
    title: 'Robotics Engineer',
    hire_date: '2023-02-06',
    rate: '142000.00',
    payment_unit: 'Year',
    flsa_status: 'Exempt',
  },
  {
    first_name: 'Tomás',
    last_name: 'Ferreira',
    email: 'tomas.ferreira@mail.test',
    date_of_birth: '1992-11-02',
    department: 'Sales',
    site: 'hq',
    title: 'Account Executive',
    hire_date: '2024-05-20',
    rate: '96000.00',
    payment_unit: 'Year',
    flsa_status: 'Exempt',
  },
  {
    first_name: 'Leah',
    last_name: "O'Connell",
    email: 'leah.oconnell@mail.test',
    date_of_birth: '1996-07-29',
    department: 'Engineering',
    site: 'plant',
    title: 'Assembly Technician',
    hire_date: '2025-01-13',
    rate: '31.50',
    payment_unit: 'Hour',
    flsa_status: 'Nonexempt',
  },
] as const;

type SeededPerson = (typeof seededPeople)[number];

/** Creates a company with the given primary payroll admin. */
export function createCompany(
  store: SandboxStore,
  name: string,
  entity_type: string,
  admin: { first_name: string; last_name: string; email: string; phone: string },
): SandboxCompany {
  const company: SandboxCompany = {
    uuid: newUuid(),
    name,
    trade_name: name,
    ein: `${randomInt(10, 99)}-${randomInt(1_000_000, 9_999_999)}`,
    entity_type,
    company_status: 'Approved',
    is_suspended: false,
    tier: 'complete',
    primary_payroll_admin: { ...admin },
  };
  store.data.companies[company.uuid] = company;
  store.changed();

  return company;
}

/**
 * Creates an LLC run by the seeded admin (as after Gusto's sign-up) and lists it among the
 * admin's companies, so Configure Access offers it.
 */
export function createSeedAdminCompany(store: SandboxStore, name: string): SandboxCompany {
  const admin = Object.values(store.data.admins).find((a) => a.email === SEED_ADMIN.email);
  if (!admin) throw new Error('the sandbox seed has no admin');
  const company = createCompany(store, name, 'LLC', {
    first_name: admin.first_name,
    last_name: admin.last_name,
    email: admin.email,
    phone: '4155550100',
  });
  admin.company_uuids.push(company.uuid);
  store.changed();

  return company;
}

/** Adds an active location; the company's first location is its mailing and filing address. */
export function addLocation(
  store: SandboxStore,
  company_uuid: string,
  address: AddressInput,
): SandboxLocation {
  const first = !Object.values(store.data.locations).some((l) => l.company_uuid === company_uuid);
  const now = store.nowIso();
  const location: SandboxLocation = {
    uuid: newUuid(),
    company_uuid,
    version: newVersion(),
    street_2: null,
    country: 'USA',
    active: true,
    mailing_address: first,
    filing_address: first,
    created_at: now,
    updated_at: now,
    ...address,
  };
  store.data.locations[location.uuid] = location;
  store.changed();

  return location;
}

function addDepartment(store: SandboxStore, company_uuid: string, title: string): string {
  const uuid = newUuid();
  store.data.departments[uuid] = { uuid, company_uuid, version: newVersion(), title };

  return uuid;
}

/** Creates a Gusto admin with no companies yet. */
export function createAdmin(
  store: SandboxStore,
  input: { first_name: string; last_name: string; email: string; password: string },
): SandboxAdmin {
  const admin: SandboxAdmin = {
    uuid: newUuid(),
    email: input.email,
    first_name: input.first_name,
    last_name: input.last_name,
    password_hash: hashPassword(input.password),
    company_uuids: [],
  };
  store.data.admins[admin.uuid] = admin;
  store.changed();

  return admin;
}

interface SeededEmployeeInput extends Omit<SeededPerson, 'department' | 'site'> {
  department: string;
  location: SandboxLocation;
}

function addOnboardedEmployee(
  store: SandboxStore,
  company: SandboxCompany,
  person: SeededEmployeeInput,
): void {
  const employee = onboardedEmployee(store, company, person);
  store.data.employees[employee.uuid] = employee;

  const job_uuid = newUuid();
  store.data.jobs[job_uuid] = {
    uuid: job_uuid,
    employee_uuid: employee.uuid,
    version: newVersion(),
    title: person.title,
    hire_date: person.hire_date,
    location_uuid: person.location.uuid,
    primary: true,
    two_percent_shareholder: false,
    state_wc_covered: null,
    state_wc_class_code: null,
  };
  addCompensation(store, job_uuid, person);
  addWorkAddress(store, employee.uuid, person.location.uuid, person.hire_date);
}

function onboardedEmployee(
  store: SandboxStore,
  company: SandboxCompany,
  person: SeededEmployeeInput,
): SandboxEmployee {
  const domain = company.name.toLowerCase().replace(/[^a-z]+/g, '');

  return {
    uuid: newUuid(),
    company_uuid: company.uuid,
    version: newVersion(),
    first_name: person.first_name,
    middle_initial: null,
    last_name: person.last_name,
    preferred_first_name: null,
    email: person.email,
    work_email: `${person.email.split('@')[0]}@${domain}.test`,
    date_of_birth: person.date_of_birth,
    phone: null,
    has_ssn: true,
    self_onboarding: false,
    onboarded: true,
    onboarding_status: 'onboarding_completed',
    terminated: false,
    department_uuid: person.department,
    payment_method: 'Direct Deposit',
    created_at: store.nowIso(),
    created_by_grant: 'seed',
  };
}

function addCompensation(store: SandboxStore, job_uuid: string, person: SeededEmployeeInput): void {
  const uuid = newUuid();
  store.data.compensations[uuid] = {
    uuid,
    job_uuid,
    version: newVersion(),
    rate: person.rate,
    payment_unit: person.payment_unit,
    flsa_status: person.flsa_status,
    effective_date: person.hire_date,
    adjust_for_minimum_wage: false,
  };
}

function addWorkAddress(
  store: SandboxStore,
  employee_uuid: string,
  location_uuid: string,
  effective_date: string,
): void {
  const uuid = newUuid();
  store.data.work_addresses[uuid] = {
    uuid,
    employee_uuid,
    location_uuid,
    version: newVersion(),
    effective_date,
    active: true,
  };
}
