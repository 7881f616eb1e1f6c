import { describe, expect, it } from 'vitest';
import type { HandoffForm } from './handoff-form.js';
import type { HandoffStep } from './handoff-store.js';
import { LOCKED_MESSAGE, lockedFields, lockedValues, lockViolations } from './resume-lock.js';
import type { StepName, StepStatus } from './tables.js';
import { employeeValues } from './test-forms.js';
import { validateForm } from './validate-form.js';

function step(name: StepName, status: StepStatus): HandoffStep {
  const at = '2026-12-04T00:00:00.000Z';

  return {
    handoff_id: 'h1',
    step: name,
    status,
    gusto_uuid: null,
    error: null,
    attempted_at: at,
    completed_at: null,
  };
}

function stored(): HandoffForm {
  const check = validateForm(employeeValues());
  if (!check.ok) throw new Error('invalid test form');

  return check.form;
}

describe('the Resume lock', () => {
  it('locks nothing before the person exists, or after a create Gusto refused', () => {
    expect([...lockedFields([])]).toEqual([]);
    expect([...lockedFields([step('create_employee', 'failed')])]).toEqual([]);
  });

  it('locks the worker type and what the create sent once it succeeded or its outcome is unknown', () => {
    for (const status of ['done', 'sent'] as const) {
      const locked = lockedFields([step('create_employee', status)]);
      expect(locked).toContain('worker_type');
      expect(locked).toContain('first_name');
      expect(locked).toContain('email');
      expect(locked).not.toContain('job_title');
      expect(locked).not.toContain('phone');
    }
  });

  it('adds each finished step’s fields: the work address carries the start date', () => {
    const locked = lockedFields([step('create_employee', 'done'), step('work_address', 'done')]);
    expect(locked).toContain('start_date');
    expect(locked).toContain('location_uuid');
    expect(locked).not.toContain('rate');
  });

  it('refuses any change to a locked value, whatever the browser sends', () => {
    const locked = lockedValues(stored(), [step('create_employee', 'done')]);
    const same = employeeValues();
    expect(lockViolations(locked, same)).toEqual({});
    const changed = { ...same, worker_type: 'contractor', self_onboarding: '' };
    expect(lockViolations(locked, changed)).toEqual({
      worker_type: LOCKED_MESSAGE,
      self_onboarding: LOCKED_MESSAGE,
    });
  });

  it('takes the worker type from the person made when a stored form says otherwise', () => {
    const form = { ...stored(), worker_type: 'contractor' } as unknown as HandoffForm;
    expect(lockedValues(form, [step('create_employee', 'done')])).toEqual({
      worker_type: 'employee',
    });
  });
});
