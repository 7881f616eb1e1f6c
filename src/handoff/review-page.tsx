import type { Child } from 'hono/jsx';
import type { Candidate } from '../candidates/candidates.js';
import { ErrorSummary, fieldId, SelectField, TextField } from '../web/form-view.js';
import { formatDate } from '../web/format.js';
import { CsrfField } from '../web/layout.js';
import {
  type FieldErrors,
  FLSA_STATUSES,
  type FormField,
  type FormValues,
  PAYMENT_UNITS,
} from './handoff-form.js';
import { type Choices, nameIn } from './review-defaults.js';
import { isChecked } from './validate-form.js';

/** Labels of the review form's fields, for the error summary and the fields themselves. */
export const FIELD_LABELS: Record<FormField, string> = {
  worker_type: 'Employee or contractor',
  contractor_type: 'Contractor type',
  first_name: 'Legal first name',
  middle_initial: 'Middle initial',
  last_name: 'Legal last name',
  preferred_first_name: 'Preferred first name',
  email: 'Personal email',
  work_email: 'Work email',
  start_date: 'Start date',
  job_title: 'Job title',
  department_uuid: 'Department',
  location_uuid: 'Work location',
  rate: 'Pay rate',
  payment_unit: 'Paid per',
  flsa_status: 'FLSA status',
  wage_type: 'Contractor paid',
  hourly_rate: 'Hourly rate',
  business_name: 'Business name',
  ein: 'EIN',
  self_onboarding: 'Self-onboarding',
  date_of_birth: 'Date of birth',
  phone: 'Phone',
};

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
  const text = (name: FormField, extra: { hint?: string; type?: string } = {}) => (
    <TextField
      name={name}
      label={FIELD_LABELS[name]}
      value={values[name]}
      error={errors[name]}
      {...extra}
    />
  );

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
        <WorkerFields values={values} errors={errors} />
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
        <PayFields values={values} errors={errors} />
        <div class={errors.self_onboarding ? 'field invalid' : 'field'}>
          <label>
            <input
              id={fieldId('self_onboarding')}
              type="checkbox"
              name="self_onboarding"
              value="on"
              checked={isChecked(values.self_onboarding)}
            />{' '}
            Self-onboarding: the hire enters their own details (SSN, address, tax forms) in Gusto
          </label>
        </div>
        <div class="actions">
          <button type="submit">{props.mode === 'resume' ? 'Resume' : 'Add to Gusto'}</button>
          <a href={`/candidates/${props.candidate.id}`}>Cancel</a>
        </div>
      </form>
    </>
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

function WorkerFields(props: { values: FormValues; errors: FieldErrors }) {
  const { values, errors } = props;

  return (
    <fieldset>
      <legend>Joins Gusto as</legend>
      <div class={errors.worker_type ? 'field invalid' : 'field'} id={fieldId('worker_type')}>
        <FieldError name="worker_type" errors={errors} />
        <Radio name="worker_type" value="employee" label="Employee" values={values} />{' '}
        <Radio name="worker_type" value="contractor" label="Contractor" values={values} />
      </div>
      <div
        class={errors.contractor_type ? 'field invalid' : 'field'}
        id={fieldId('contractor_type')}
      >
        <p class="hint">For a contractor:</p>
        <FieldError name="contractor_type" errors={errors} />
        <Radio name="contractor_type" value="Individual" label="Individual" values={values} />{' '}
        <Radio name="contractor_type" value="Business" label="Business" values={values} />
      </div>
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

  return (
    <fieldset>
      <legend>Job</legend>
      <TextField
        name="start_date"
        label={FIELD_LABELS.start_date}
        type="date"
        value={values.start_date}
        error={errors.start_date}
        hint={starts}
      />
      <TextField
        name="job_title"
        label={FIELD_LABELS.job_title}
        value={values.job_title}
        error={errors.job_title}
      />
      <SelectField
        name="department_uuid"
        label={FIELD_LABELS.department_uuid}
        value={values.department_uuid}
        error={errors.department_uuid}
        empty="No department"
        options={choices.departments.map((d) => [d.uuid, optionLabel(d.uuid, d.title)] as const)}
      />
      <SelectField
        name="location_uuid"
        label={FIELD_LABELS.location_uuid}
        value={values.location_uuid}
        error={errors.location_uuid}
        hint="Employees only: the company location in Gusto they work from."
        empty="Choose a location"
        options={choices.locations.map((l) => [l.uuid, optionLabel(l.uuid, l.label)] as const)}
      />
    </fieldset>
  );
}

function PayFields(props: { values: FormValues; errors: FieldErrors }) {
  const { values, errors } = props;
  const select = (name: FormField, options: readonly string[], hint?: string) => (
    <SelectField
      name={name}
      label={FIELD_LABELS[name]}
      value={values[name]}
      error={errors[name]}
      empty="Choose"
      options={options.map((o) => [o, o] as const)}
      {...(hint ? { hint } : {})}
    />
  );
  const text = (name: FormField, hint?: string) => (
    <TextField
      name={name}
      label={FIELD_LABELS[name]}
      value={values[name]}
      error={errors[name]}
      {...(hint ? { hint } : {})}
    />
  );

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
