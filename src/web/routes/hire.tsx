import type { Context } from 'hono';
import { z } from 'zod';
import type { Candidate } from '../../candidates/candidates.js';
import {
  getHire,
  type HireInput,
  PAY_UNITS,
  recordHire,
  WORKER_TYPE_LABELS,
  WORKER_TYPES,
} from '../../candidates/hires.js';
import { getJob } from '../../jobs/jobs.js';
import type { SignedInEnv, WebApp } from '../context.js';
import {
  choice,
  type FieldErrors,
  isoDate,
  money,
  optionalText,
  parseForm,
  readForm,
  requiredText,
} from '../form.js';
import { ErrorSummary, SelectField, TextField } from '../form-view.js';
import { PAY_UNIT_LABELS } from '../hire-information.js';
import { CsrfField, renderPage } from '../layout.js';
import { requireUser } from '../require-user.js';
import { findCandidate } from './candidates.js';

/** Labels of the hire step's fields. */
const LABELS = {
  start_date: 'Start date',
  job_title: 'Job title',
  worker_type: 'Employee or contractor',
  pay_rate: 'Pay offered',
  pay_unit: 'Pay unit',
  department: 'Department',
  work_location: 'Work location',
};

const hireSchema = z.object({
  start_date: isoDate('start date'),
  job_title: requiredText('job title'),
  worker_type: choice(WORKER_TYPES, 'Choose employee or contractor'),
  pay_rate: money('pay offered'),
  pay_unit: choice(PAY_UNITS, 'Choose what the pay is per: hour, week, month, year or paycheck'),
  department: optionalText('department'),
  work_location: optionalText('work location'),
});

type Ctx = Context<SignedInEnv>;
type Kept = Partial<Record<keyof typeof LABELS, string | null>>;

/** The hire step: recording start date and offer moves a candidate to Hired. */
export function mountHireRoutes(app: WebApp): void {
  app.get('/candidates/:id/hire', requireUser, async (c) => {
    const candidate = await findCandidate(c);
    return hirePage(c, candidate, await initialValues(c, candidate), {});
  });
  app.post('/candidates/:id/hire', requireUser, async (c) => {
    const candidate = await findCandidate(c);
    const values = await readForm(c);
    const form = parseForm(hireSchema, values);
    if (!form.ok) return hirePage(c, candidate, values, form.errors);
    const hire: HireInput = form.data;
    await recordHire(c.var.deps.storage.db, {
      accountId: c.var.account.id,
      candidateId: candidate.id,
      userId: c.var.user.id,
      hire,
    });
    c.var.log.info({ candidate_id: candidate.id, worker_type: hire.worker_type }, 'hire recorded');

    return c.redirect(`/candidates/${candidate.id}?notice=hired`, 303);
  });
}

/** The recorded hire when there is one, otherwise suggestions from the candidate's job. */
async function initialValues(c: Ctx, candidate: Candidate): Promise<Kept> {
  const { db } = c.var.deps.storage;
  const hire = await getHire(db, c.var.account.id, candidate.id);
  if (hire) return hire;
  const job = candidate.job_id ? await getJob(db, c.var.account.id, candidate.job_id) : undefined;

  return {
    job_title: job?.title ?? '',
    department: job?.department ?? '',
    work_location: job?.location ?? '',
    worker_type: job?.employment_type === 'contract' ? 'contractor' : 'employee',
    pay_unit: job?.employment_type === 'contract' ? 'Hour' : 'Year',
  };
}

function hirePage(c: Ctx, candidate: Candidate, values: Kept, errors: FieldErrors) {
  const name = `${candidate.first_name} ${candidate.last_name}`;
  const status = Object.keys(errors).length > 0 ? 400 : 200;

  return renderPage(
    c,
    { title: `Hire ${name}`, active: 'candidates', status },
    <>
      <h1>Hire {name}</h1>
      <p>
        {candidate.stage === 'hired'
          ? 'Change what was recorded for this hire.'
          : 'Record the start date and the offer; saving moves the candidate to Hired.'}
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form method="post" action={`/candidates/${candidate.id}/hire`} novalidate>
        <CsrfField token={c.var.csrfToken} />
        <TextField
          name="start_date"
          label={LABELS.start_date}
          type="date"
          hint="The first day of work"
          value={values.start_date}
          error={errors.start_date}
        />
        <TextField
          name="job_title"
          label={LABELS.job_title}
          value={values.job_title}
          error={errors.job_title}
        />
        <SelectField
          name="worker_type"
          label={LABELS.worker_type}
          options={WORKER_TYPES.map((t) => [t, WORKER_TYPE_LABELS[t]] as const)}
          value={values.worker_type}
          error={errors.worker_type}
        />
        <TextField
          name="pay_rate"
          label={LABELS.pay_rate}
          hint="Amount in US dollars, for example 85000 or 42.50"
          value={values.pay_rate}
          error={errors.pay_rate}
        />
        <SelectField
          name="pay_unit"
          label={LABELS.pay_unit}
          options={PAY_UNITS.map((u) => [u, PAY_UNIT_LABELS[u]] as const)}
          value={values.pay_unit}
          error={errors.pay_unit}
        />
        <TextField
          name="department"
          label={LABELS.department}
          hint="Optional"
          value={values.department}
          error={errors.department}
        />
        <TextField
          name="work_location"
          label={LABELS.work_location}
          hint="Optional"
          value={values.work_location}
          error={errors.work_location}
        />
        <div class="actions">
          <button type="submit">
            {candidate.stage === 'hired' ? 'Save hire information' : 'Save and move to Hired'}
          </button>
          <a href={`/candidates/${candidate.id}`}>Cancel</a>
        </div>
      </form>
    </>,
  );
}
