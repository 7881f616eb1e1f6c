import { describe, expect, it } from 'vitest';
import { verifyPassword } from './oauth/passwords.js';
import { SEED_ADMIN, SEED_APP, seedSandbox } from './seed.js';
import { SandboxStore } from './state.js';

describe('seedSandbox', () => {
  const { data } = new SandboxStore(null, seedSandbox);
  const companies = Object.values(data.companies);
  const named = (name: string) => companies.find((c) => c.name === name);
  const robotics = named('Acme Robotics Inc.');
  const labs = named('Acme Labs LLC');

  it('has one admin, payroll@acme.test, administering both companies', () => {
    const admins = Object.values(data.admins);

    expect(admins.map((a) => a.email)).toEqual([SEED_ADMIN.email]);
    expect(verifyPassword('gusto-demo', admins[0]?.password_hash ?? '')).toBe(true);
    expect(admins[0]?.company_uuids).toEqual([robotics?.uuid, labs?.uuid]);
  });

  it('gives Acme Robotics two locations, two departments and three onboarded employees', () => {
    const locations = Object.values(data.locations).filter(
      (l) => l.company_uuid === robotics?.uuid,
    );
    const departments = Object.values(data.departments).filter(
      (d) => d.company_uuid === robotics?.uuid,
    );
    const employees = Object.values(data.employees).filter(
      (e) => e.company_uuid === robotics?.uuid,
    );

    expect(locations).toHaveLength(2);
    expect(departments.map((d) => d.title).sort()).toEqual(['Engineering', 'Sales']);
    expect(employees).toHaveLength(3);
    for (const employee of employees) {
      expect(employee).toMatchObject({
        onboarded: true,
        onboarding_status: 'onboarding_completed',
      });
      const jobs = Object.values(data.jobs).filter((j) => j.employee_uuid === employee.uuid);
      expect(jobs).toHaveLength(1);
      const compensations = Object.values(data.compensations).filter(
        (c) => c.job_uuid === jobs[0]?.uuid,
      );
      expect(compensations).toHaveLength(1);
      expect(departments.map((d) => d.uuid)).toContain(employee.department_uuid);
    }
  });

  it('gives Acme Labs a location', () => {
    expect(Object.values(data.locations).filter((l) => l.company_uuid === labs?.uuid)).toHaveLength(
      1,
    );
  });

  it('registers the local OAuth application', () => {
    expect(data.apps[SEED_APP.client_id]).toEqual({
      client_id: 'hirebridge-local',
      client_secret: 'hirebridge-local-secret',
      name: SEED_APP.name,
      redirect_uris: ['http://localhost:3000/integrations/gusto/callback'],
    });
  });
});
