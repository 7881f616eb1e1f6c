import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import {
  createJob,
  EMPLOYMENT_TYPE_LABELS,
  EMPLOYMENT_TYPES,
  getJob,
  type Job,
  listJobs,
  setJobStatus,
  updateJob,
} from '../../jobs/jobs.js';
import type { SignedInEnv, WebApp } from '../context.js';
import {
  choice,
  type FieldErrors,
  isUuid,
  optionalText,
  parseForm,
  readForm,
  requiredText,
} from '../form.js';
import { ErrorSummary, SelectField, TextField } from '../form-view.js';
import { CsrfField, renderPage } from '../layout.js';
import { requireUser } from '../require-user.js';

/** The job form's fields, as the recruiter sees them. */
const LABELS = {
  title: 'Title',
  department: 'Department',
  location: 'Location',
  employment_type: 'Employment type',
};

const jobSchema = z.object({
  title: requiredText('job title'),
  department: optionalText('department'),
  location: optionalText('location'),
  employment_type: choice(
    EMPLOYMENT_TYPES,
    'Choose the employment type: full-time, part-time, contract or internship',
  ),
});

const NOTICES: Record<string, string> = {
  created: 'Job created.',
  saved: 'Job saved.',
  opened: 'Job opened.',
  closed: 'Job closed.',
};

type Ctx = Context<SignedInEnv>;

/** Jobs: list, create, edit, open and close. */
export function mountJobRoutes(app: WebApp): void {
  app.get('/jobs', requireUser, listPage);
  app.get('/jobs/new', requireUser, (c) => formPage(c, undefined, {}, {}));
  app.post('/jobs', requireUser, async (c) => {
    const values = await readForm(c);
    const form = parseForm(jobSchema, values);
    if (!form.ok) return formPage(c, undefined, values, form.errors);
    const job = await createJob(c.var.deps.storage.db, c.var.account.id, form.data);

    return c.redirect(`/jobs/${job.id}?notice=created`, 303);
  });
  app.get('/jobs/:id', requireUser, async (c) => jobPage(c, await findJob(c)));
  app.get('/jobs/:id/edit', requireUser, async (c) => {
    const job = await findJob(c);
    return formPage(c, job, job, {});
  });
  app.post('/jobs/:id', requireUser, async (c) => {
    const job = await findJob(c);
    const values = await readForm(c);
    const form = parseForm(jobSchema, values);
    if (!form.ok) return formPage(c, job, values, form.errors);
    await updateJob(c.var.deps.storage.db, c.var.account.id, job.id, form.data);

    return c.redirect(`/jobs/${job.id}?notice=saved`, 303);
  });
  app.post('/jobs/:id/close', requireUser, (c) => changeStatus(c, 'closed'));
  app.post('/jobs/:id/open', requireUser, (c) => changeStatus(c, 'open'));
}

/** The job named in the path, of the signed-in account; 404 otherwise. */
async function findJob(c: Ctx): Promise<Job> {
  const id = c.req.param('id') ?? '';
  const job = isUuid(id) ? await getJob(c.var.deps.storage.db, c.var.account.id, id) : undefined;
  if (!job) throw new HTTPException(404);

  return job;
}

async function changeStatus(c: Ctx, status: Job['status']) {
  const job = await findJob(c);
  await setJobStatus(c.var.deps.storage.db, c.var.account.id, job.id, status);

  return c.redirect(`/jobs/${job.id}?notice=${status === 'open' ? 'opened' : 'closed'}`, 303);
}

async function listPage(c: Ctx) {
  const jobs = await listJobs(c.var.deps.storage.db, c.var.account.id);

  return renderPage(
    c,
    { title: 'Jobs', active: 'jobs' },
    <>
      <h1>Jobs</h1>
      <p class="actions">
        <a class="button" href="/jobs/new">
          New job
        </a>
      </p>
      {jobs.length === 0 ? (
        <p class="muted">No jobs yet. Create the first one.</p>
      ) : (
        <JobTable jobs={jobs} />
      )}
    </>,
  );
}

function JobTable(props: { jobs: Job[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Department</th>
          <th scope="col">Location</th>
          <th scope="col">Employment type</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {props.jobs.map((job) => (
          <tr>
            <td>
              <a href={`/jobs/${job.id}`}>{job.title}</a>
            </td>
            <td>{job.department ?? ''}</td>
            <td>{job.location ?? ''}</td>
            <td>{EMPLOYMENT_TYPE_LABELS[job.employment_type]}</td>
            <td>
              <span class="badge">{job.status === 'open' ? 'Open' : 'Closed'}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function jobPage(c: Ctx, job: Job) {
  const next = job.status === 'open' ? 'close' : 'open';

  return renderPage(
    c,
    { title: job.title, active: 'jobs', notice: NOTICES[c.req.query('notice') ?? ''] },
    <>
      <h1>{job.title}</h1>
      <dl class="details card">
        <dt>Department</dt>
        <dd>{job.department ?? '—'}</dd>
        <dt>Location</dt>
        <dd>{job.location ?? '—'}</dd>
        <dt>Employment type</dt>
        <dd>{EMPLOYMENT_TYPE_LABELS[job.employment_type]}</dd>
        <dt>Status</dt>
        <dd>{job.status === 'open' ? 'Open' : 'Closed'}</dd>
      </dl>
      <div class="actions">
        <a class="button" href={`/jobs/${job.id}/edit`}>
          Edit job
        </a>
        <form method="post" action={`/jobs/${job.id}/${next}`} class="inline">
          <CsrfField token={c.var.csrfToken} />
          <button type="submit" class="secondary">
            {next === 'close' ? 'Close job' : 'Open job'}
          </button>
        </form>
        <a href={`/candidates?job=${job.id}`}>Candidates for this job</a>
      </div>
    </>,
  );
}

function formPage(
  c: Ctx,
  job: Job | undefined,
  values: Partial<Record<keyof typeof LABELS, string | null>>,
  errors: FieldErrors,
) {
  const title = job ? `Edit ${job.title}` : 'New job';
  const status = Object.keys(errors).length > 0 ? 400 : 200;

  return renderPage(
    c,
    { title, active: 'jobs', status },
    <>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form method="post" action={job ? `/jobs/${job.id}` : '/jobs'} novalidate>
        <CsrfField token={c.var.csrfToken} />
        <TextField name="title" label={LABELS.title} value={values.title} error={errors.title} />
        <TextField
          name="department"
          label={LABELS.department}
          hint="Optional"
          value={values.department}
          error={errors.department}
        />
        <TextField
          name="location"
          label={LABELS.location}
          hint="Optional"
          value={values.location}
          error={errors.location}
        />
        <SelectField
          name="employment_type"
          label={LABELS.employment_type}
          options={EMPLOYMENT_TYPES.map((t) => [t, EMPLOYMENT_TYPE_LABELS[t]] as const)}
          value={values.employment_type ?? 'full_time'}
          error={errors.employment_type}
        />
        <button type="submit">{job ? 'Save job' : 'Create job'}</button>
      </form>
    </>,
  );
}
