import { describe, expect, it } from 'vitest';
import { classify } from '../gusto-client/classify.js';
import {
  GustoForbiddenError,
  GustoInvalidInputError,
  GustoNotFoundError,
  GustoRedirectError,
  GustoRequestRejectedError,
  GustoUnexpectedBodyError,
} from '../gusto-client/errors.js';
import { permanentProblem, stillFailing } from './failure-problems.js';
import type { StepName } from './tables.js';

const CREATE = { method: 'POST', path: '/v1/companies/{company_id}/employees', requestId: null };
const JOB = { method: 'POST', path: '/v1/employees/{employee_id}/jobs', requestId: null };
const DEPARTMENTS = {
  method: 'GET',
  path: '/v1/companies/{company_uuid}/departments',
  requestId: null,
};
const ADD = { method: 'PUT', path: '/v1/departments/{department_uuid}/add', requestId: null };

function adviceFor(cause: Error, step: StepName | null): string {
  return permanentProblem(cause, step, classify(cause).reason).message;
}

describe('what a recruiter is told when Gusto would answer the same again', () => {
  // "Check the form" sent recruiters to a form that was never the cause.
  it.each([
    [
      'a 403',
      new GustoForbiddenError({ ...CREATE, status: 403 }),
      'create_employee',
      /refused access \(403\) while sending the employee to Gusto.*reconnect Gusto under/,
    ],
    [
      'a 404 of the company',
      new GustoNotFoundError({ ...CREATE, status: 404 }),
      'create_employee',
      /did not find the company Hirebridge is connected to \(404\).*check the connection/,
    ],
    [
      'a 404 of the lookup',
      new GustoNotFoundError({ ...CREATE, method: 'GET', status: 404 }),
      'reconcile',
      /did not find the company .* while looking the person up in Gusto\./,
    ],
    [
      'a 404 of a later step',
      new GustoNotFoundError({ ...JOB, status: 404 }),
      'job',
      /person or their job \(404\) while sending the job to Gusto: .*finish this hire there/,
    ],
    [
      'a 404 of the list of departments',
      new GustoNotFoundError({ ...DEPARTMENTS, status: 404 }),
      'department',
      /did not find the company .* while sending the department to Gusto\./,
    ],
    [
      'a 404 of the department chosen',
      new GustoNotFoundError({ ...ADD, status: 404 }),
      'department',
      /did not find the department \(404\).*Choose another on the form, or none/,
    ],
    [
      'an answer it cannot read',
      new GustoUnexpectedBodyError({ ...JOB, status: 201, problem: 'body is not JSON' }),
      'job',
      /not in a form Hirebridge understands \(unexpected body: body is not JSON\).*request id/,
    ],
    [
      'a redirect',
      new GustoRedirectError({ ...CREATE, status: null }),
      'create_employee',
      /check GUSTO_BASE_URL/,
    ],
  ] as const)('%s says who can act, not to check the form', (_name, cause, step, advice) => {
    const message = adviceFor(cause, step);

    expect(message).toMatch(advice);
    expect(message).not.toMatch(/Check the form/);
  });

  it.each([
    ['a request Gusto rejected as sent', new GustoRequestRejectedError({ ...JOB, status: 400 })],
    [
      'input refused before sending',
      new GustoInvalidInputError({ ...JOB, status: null, problem: 'schema mismatch at hireDate' }),
    ],
  ])('%s sends the recruiter to the form', (_name, cause) => {
    expect(adviceFor(cause, 'job')).toMatch(
      /^Sending the job to Gusto failed \(.+\)\. Check the form and press Resume/,
    );
  });

  it('says Resume looks up first when a passing failure outlasted every attempt', () => {
    const { message } = stillFailing('create_employee', 'server error (503)');

    expect(message).toMatch(/^Sending the employee to Gusto kept failing \(server error \(503\)\)/);
    expect(message).toMatch(/looked up first, never created twice/);
  });
});
