import type { Child } from 'hono/jsx';
import type { Candidate } from '../candidates/candidates.js';
import { ErrorSummary, fieldId, SelectField, TextField } from '../web/form-view.js';
import { formatDate } from '../web/format.js';
import { CsrfField } from '../web/layout.js';
import {
  FIELD_LABELS,
  type FieldErrors,
  FLSA_STATUSES,
  type FormField,
  type FormValues,
  PAYMENT_UNITS,
} from './handoff-form.js';
import { LOCKED_MESSAGE } from './resume-lock.js';

export { FIELD_LABELS };

import { type Choices, nameIn } from './review-defaults.js';
import { isChecked } from './validate-form.js';

/** What the review page shows. */
export interface ReviewPageProps {
  csrf: string;
  candidate: Pick<Candidate, 'id' | 'first_name' | 'last_name'>;
  values: FormValues;
  errors: FieldErrors;
  choices: Choices;
  /** Shown above the form: why Gusto refused, or that Gusto could not be reached. */
  banner?: Child;
  /** `add` for a new hand-off, `resume` to correct one that needs attention. */
  mode: 'add' | 'resume';
  /** The company the hire goes to. */
  company_name: string;
  /** Fields already in Gusto: shown read-only on Resume (see resume-lock.ts). */
  locked?: ReadonlySet<FormField>;
}

const NOTHING_LOCKED: ReadonlySet<FormField> = new Set();

/**
 * A field Gusto already holds: its value shown read-only with why, and sent back unchanged in a
 * hidden input (the server refuses any change to it).
 */
function LockedField(props: { name: FormField; value: string; shown: string; error?: string }) {
  const id = fieldId(props.name);
  const described = [`${id}-hint`, props.error ? `${id}-error` : ''].filter(Boolean).join(' ');

  return (
    <div class={props.error ? 'field locked invalid' : 'field locked'}>
      <label for={id}>{FIELD_LABELS[props.name]}</label>
      <p class="hint" id={`${id}-hint`}>
        {LOCKED_MESSAGE}
      </p>
      {props.error ? (
        <p class="error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
      <input id={id} type="text" readonly value={props.shown} aria-describedby={described} />
      <input type="hidden" name={props.name} value={props.value} />
    </div>
  );
}

/** What a field shows in place of its input once locked; `labels` maps option values. */
function lockedOr(
  props: { values: FormValues; errors: FieldErrors; locked?: ReadonlySet<FormField> },
  name: FormField,
  input: () => Child,
  labels: Readonly<Record<string, string>> = {},
): Child {
  if (!(props.locked ?? NOTHING_LOCKED).has(name)) return input();
  const value = props.values[name];
  const error = props.errors[name];

  return (
    <LockedField
      name={name}
      value={value}
      shown={labels[value] ?? (value === '' ? 'None' : value)}
      {...(error ? { error } : {})}
    />
  );
}

function Radio(props: { name: FormField; value: string; label: string; values: FormValues }) {
  return (
    <label>
      <input
        type="radio"
        name={props.name}
        value={props.value}
        checked={props.values[props.name] === props.value}
      />{' '}
      {props.label}
    </label>
  );
}

/** The review form: pre-filled, each problem beside its field, what was typed kept. */
export function ReviewPage(props: ReviewPageProps) {
  const { values, errors } = props;
  const action = `/candidates/${props.candidate.id}/gusto${props.mode === 'resume' ? '/resume' : ''}`;
  const text = (name: FormField, extra: { hint?: string; type?: string } = {}) =>
    lockedOr(props, name, () => (
      <TextField
        name={name}
        label={FIELD_LABELS[name]}
        value={values[name]}
        error={errors[name]}
        {...extra}
      />
    ));

  return (
    <>
      <h1>
        Add {props.candidate.first_name} {props.candidate.last_name} to Gusto
      </h1>
      <p class="muted">Company in Gusto: {props.company_name}</p>
      {props.banner ?? null}
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      <form method="post" action={action} class="card" novalidate>
        <CsrfField token={props.csrf} />
        <WorkerFields {...props} />
        <fieldset>
          <legend>Names and contact</legend>
          {text('first_name', { hint: 'Exactly as on their legal documents.' })}
          {text('middle_initial', { hint: 'One letter, optional.' })}
          {text('last_name', { hint: 'Exactly as on their legal documents.' })}
          {text('preferred_first_name')}
          {text('email', {
            type: 'email',
            hint: 'Gusto sends the self-onboarding invitation here.',
          })}
          {text('work_email', { type: 'email' })}
          {text('phone', {
            hint: 'Optional, 10 digits. Kept in Hirebridge: Gusto asks the hire for it.',
          })}
          {text('date_of_birth', { type: 'date', hint: 'Optional.' })}
        </fieldset>
        <JobFields {...props} />
        <PayFields {...props} />
        {lockedOr(
          props,
          'self_onboarding',
          () => (
            <SelfOnboarding {...props} />
          ),
          ON_OFF,
        )}
        <div class="actions">
          <button type="submit">{props.mode === 'resume' ? 'Resume' : 'Add to Gusto'}</button>
          <a href={`/candidates/${props.candidate.id}`}>Cancel</a>
        </div>
      </form>
    </>
  );
}

const ON_OFF: Record<string, string> = { on: 'On', '': 'Off' };

function SelfOnboarding(props: { values: FormValues; errors: FieldErrors }) {
  return (
    <div class={props.errors.self_onboarding ? 'field invalid' : 'field'}>
      <FieldError name="self_onboarding" errors={props.errors} />
      <label>
        <input
          id={fieldId('self_onboarding')}
          type="checkbox"
          name="self_onboarding"
          value="on"
          checked={isChecked(props.values.self_onboarding)}
        />{' '}
        Self-onboarding: the hire enters their own details (SSN, address, tax forms) in Gusto
      </label>
    </div>
  );
}

function FieldError(props: { name: FormField; errors: FieldErrors }) {
  const message = props.errors[props.name];

  return message ? (
    <p class="error" id={`${fieldId(props.name)}-error`}>
      {message}
    </p>
  ) : null;
}

const WORKER_TYPES: Record<string, string> = { employee: 'Employee', contractor: 'Contractor' };

function WorkerFields(props: ReviewPageProps) {
  const { values, errors } = props;
  const workerType = () => (
    <div class={errors.worker_type ? 'field invalid' : 'field'} id={fieldId('worker_type')}>
      <FieldError name="worker_type" errors={errors} />
      <Radio name="worker_type" value="employee" label="Employee" values={values} />{' '}
      <Radio name="worker_type" value="contractor" label="Contractor" values={values} />
    </div>
  );
  const contractorType = () => (
    <div class={errors.contractor_type ? 'field invalid' : 'field'} id={fieldId('contractor_type')}>
      <p class="hint">For a contractor:</p>
      <FieldError name="contractor_type" errors={errors} />
      <Radio name="contractor_type" value="Individual" label="Individual" values={values} />{' '}
      <Radio name="contractor_type" value="Business" label="Business" values={values} />
    </div>
  );

  return (
    <fieldset>
      <legend>Joins Gusto as</legend>
      {lockedOr(props, 'worker_type', workerType, WORKER_TYPES)}
      {lockedOr(props, 'contractor_type', contractorType)}
    </fieldset>
  );
}

/** An option's label; a choice by name says it is matched in Gusto when the hire is sent. */
function optionLabel(value: string, label: string): string {
  return nameIn(value) === null
    ? label
    : `${label} (from the hire record; matched in Gusto when sent)`;
}

function JobFields(props: ReviewPageProps) {
  const { values, errors, choices } = props;
  const starts = /^\d{4}-\d{2}-\d{2}$/.test(values.start_date)
    ? `Starts ${formatDate(values.start_date)}.`
    : 'YYYY-MM-DD.';
  const departments = choices.departments.map(
    (d) => [d.uuid, optionLabel(d.uuid, d.title)] as const,
  );
  const locations = choices.locations.map((l) => [l.uuid, optionLabel(l.uuid, l.label)] as const);

  return (
    <fieldset>
      <legend>Job</legend>
      {lockedOr(props, 'start_date', () => (
        <TextField
          name="start_date"
          label={FIELD_LABELS.start_date}
          type="date"
          value={values.start_date}
          error={errors.start_date}
          hint={starts}
        />
      ))}
      {lockedOr(props, 'job_title', () => (
        <TextField
          name="job_title"
          label={FIELD_LABELS.job_title}
          value={values.job_title}
          error={errors.job_title}
        />
      ))}
      {lockedOr(
        props,
        'department_uuid',
        () => (
          <SelectField
            name="department_uuid"
            label={FIELD_LABELS.department_uuid}
            value={values.department_uuid}
            error={errors.department_uuid}
            empty="No department"
            options={departments}
          />
        ),
        Object.fromEntries(departments),
      )}
      {lockedOr(
        props,
        'location_uuid',
        () => (
          <SelectField
            name="location_uuid"
            label={FIELD_LABELS.location_uuid}
            value={values.location_uuid}
            error={errors.location_uuid}
            hint="Employees only: the company location in Gusto they work from."
            empty="Choose a location"
            options={locations}
          />
        ),
        Object.fromEntries(locations),
      )}
    </fieldset>
  );
}

function PayFields(props: ReviewPageProps) {
  const { values, errors } = props;
  const select = (name: FormField, options: readonly string[], hint?: string) =>
    lockedOr(props, name, () => (
      <SelectField
        name={name}
        label={FIELD_LABELS[name]}
        value={values[name]}
        error={errors[name]}
        empty="Choose"
        options={options.map((o) => [o, o] as const)}
        {...(hint ? { hint } : {})}
      />
    ));
  const text = (name: FormField, hint?: string) =>
    lockedOr(props, name, () => (
      <TextField
        name={name}
        label={FIELD_LABELS[name]}
        value={values[name]}
        error={errors[name]}
        {...(hint ? { hint } : {})}
      />
    ));

  return (
    <>
      <fieldset>
        <legend>Pay for an employee</legend>
        {text('rate', 'Decimal, such as 85000.00.')}
        {select('payment_unit', PAYMENT_UNITS)}
        {select('flsa_status', FLSA_STATUSES)}
      </fieldset>
      <fieldset>
        <legend>Pay for a contractor</legend>
        {select('wage_type', ['Fixed', 'Hourly'])}
        {text('hourly_rate', 'Required when paid hourly.')}
        {text('business_name', 'For a business contractor.')}
        {text('ein', 'For a business contractor: 9 digits.')}
      </fieldset>
    </>
  );
}
