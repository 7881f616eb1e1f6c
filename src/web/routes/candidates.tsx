import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import {
  type CandidateListItem,
  type CandidatePage,
  countCandidates,
  type ListCursor,
  type ListPosition,
  listCandidates,
} from '../../candidates/candidate-list.js';
import {
  type Candidate,
  type CandidateInput,
  createCandidate,
  getCandidate,
  updateCandidate,
} from '../../candidates/candidates.js';
import { isStage, STAGE_LABELS, STAGES, type Stage } from '../../candidates/stages.js';
import { getJob, type Job, listJobs } from '../../jobs/jobs.js';
import { CANDIDATE_LABELS, candidateSchema } from '../candidate-form.js';
import type { SignedInEnv, WebApp } from '../context.js';
import { type FieldErrors, isUuid, parseForm, readForm, searchText } from '../form.js';
import { ErrorSummary, SelectField, TextField } from '../form-view.js';
import { formatInstant } from '../format.js';
import { CsrfField, renderPage } from '../layout.js';
import { requireUser } from '../require-user.js';
import { mountCandidateProfileRoutes } from './candidate-profile.js';

/** Candidates shown per page of the list. */
export const CANDIDATES_PER_PAGE = 25;

/** The list counts matches up to this many; past it the page says "more than 10,000". */
export const COUNT_CAP = 10_000;

type Ctx = Context<SignedInEnv>;
type Kept = Partial<Record<keyof typeof CANDIDATE_LABELS, string | null>>;

/** Candidates: the list with search, filters and pages; adding and editing; the profile. */
export function mountCandidateRoutes(app: WebApp): void {
  app.get('/candidates', requireUser, listPage);
  app.get('/candidates/new', requireUser, async (c) =>
    formPage(c, undefined, { job_id: c.req.query('job') ?? '' }, {}),
  );
  app.post('/candidates', requireUser, async (c) => {
    const values = await readForm(c);
    const input = await checkCandidateForm(c, values);
    if ('errors' in input) return formPage(c, undefined, values, input.errors);
    const candidate = await createCandidate(c.var.deps.storage.db, c.var.account.id, input, {
      userId: c.var.user.id,
    });

    return c.redirect(`/candidates/${candidate.id}?notice=created`, 303);
  });
  app.get('/candidates/:id/edit', requireUser, async (c) => {
    const candidate = await findCandidate(c);
    return formPage(c, candidate, candidate, {});
  });
  app.post('/candidates/:id', requireUser, async (c) => {
    const candidate = await findCandidate(c);
    const values = await readForm(c);
    const input = await checkCandidateForm(c, values);
    if ('errors' in input) return formPage(c, candidate, values, input.errors);
    await updateCandidate(c.var.deps.storage.db, c.var.account.id, candidate.id, input);

    return c.redirect(`/candidates/${candidate.id}?notice=saved`, 303);
  });
  mountCandidateProfileRoutes(app);
}

/** The candidate named in the path, of the signed-in account; 404 otherwise. */
export async function findCandidate(c: Ctx): Promise<Candidate> {
  const id = c.req.param('id') ?? '';
  const { db } = c.var.deps.storage;
  const candidate = isUuid(id) ? await getCandidate(db, c.var.account.id, id) : undefined;
  if (!candidate) throw new HTTPException(404);

  return candidate;
}

/** Checks the form, including that the chosen job belongs to the account. */
async function checkCandidateForm(
  c: Ctx,
  values: Record<string, string>,
): Promise<CandidateInput | { errors: FieldErrors }> {
  const form = parseForm(candidateSchema, values);
  const jobId = (form.ok ? form.data.job_id : values.job_id?.trim().slice(0, 100)) || null;
  const { db } = c.var.deps.storage;
  const job = jobId && isUuid(jobId) ? await getJob(db, c.var.account.id, jobId) : undefined;
  const jobError = jobId && !job ? { job_id: 'Choose a job from the list' } : {};
  if (!form.ok) return { errors: { ...form.errors, ...jobError } };
  if (jobId && !job) return { errors: jobError };

  return form.data;
}

// The list.

interface ListQuery {
  q: string;
  jobId: string;
  stage: Stage | undefined;
  /** The page's number as shown; with no cursor, also where an old `?page=N` link starts. */
  page: number;
  position: ListPosition;
}

/** Reads the list's query string; anything unusable falls back to no filter and page 1. */
function readListQuery(c: Ctx): ListQuery {
  const stage = c.req.query('stage') ?? '';
  const pageText = c.req.query('page') ?? '';
  const page = /^[1-9]\d{0,5}$/.test(pageText) ? Number(pageText) : 1;

  return {
    q: searchText(c.req.query('q')),
    jobId: isUuid(c.req.query('job') ?? '') ? (c.req.query('job') ?? '') : '',
    stage: isStage(stage) ? stage : undefined,
    page,
    position: readPosition(c, page),
  };
}

function readPosition(c: Ctx, page: number): ListPosition {
  const after = parseCursor(c.req.query('after'));
  if (after) return { from: 'after', cursor: after };
  const before = parseCursor(c.req.query('before'));
  if (before) return { from: 'before', cursor: before };

  return page > 1
    ? { from: 'offset', offset: (page - 1) * CANDIDATES_PER_PAGE }
    : { from: 'start' };
}

/** A cursor in a link: the row's `created_at` and `id`, joined by `_`. */
function cursorParam(row: ListCursor): string {
  return `${row.created_at}_${row.id}`;
}

function parseCursor(text: string | undefined): ListCursor | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)_(.+)$/.exec(text ?? '');
  if (!match?.[1] || !match[2] || !isUuid(match[2])) return undefined;

  return { created_at: match[1], id: match[2] };
}

async function listPage(c: Ctx) {
  const storage = c.var.deps.storage;
  const query = readListQuery(c);
  const filters = { q: query.q, jobId: query.jobId || undefined, stage: query.stage };
  const accountId = c.var.account.id;
  const page = await listCandidates(
    storage,
    accountId,
    filters,
    query.position,
    CANDIDATES_PER_PAGE,
  );
  const total = await countCandidates(storage, accountId, filters, COUNT_CAP);
  const jobs = await listJobs(storage.db, accountId);

  return renderPage(
    c,
    { title: 'Candidates', active: 'candidates' },
    <>
      <h1>Candidates</h1>
      <p class="actions">
        <a class="button" href="/candidates/new">
          Add candidate
        </a>
      </p>
      <Filters query={query} jobs={jobs} />
      <CandidateTable items={page.items} />
      <Pagination query={query} page={page} total={total} />
    </>,
  );
}

function Filters(props: { query: ListQuery; jobs: Job[] }) {
  return (
    <form method="get" action="/candidates" class="filters" aria-label="Search candidates">
      <TextField
        name="q"
        label="Search"
        hint="Name, preferred name or email; each word can be any part of one"
        value={props.query.q}
      />
      <SelectField
        name="job"
        label="Job"
        empty="All jobs"
        options={props.jobs.map((j) => [j.id, j.title] as const)}
        value={props.query.jobId}
      />
      <SelectField
        name="stage"
        label="Stage"
        empty="All stages"
        options={STAGES.map((s) => [s, STAGE_LABELS[s]] as const)}
        value={props.query.stage ?? ''}
      />
      <button type="submit">Filter</button>
    </form>
  );
}

function CandidateTable(props: { items: CandidateListItem[] }) {
  if (props.items.length === 0) return <p class="muted">No candidates match.</p>;

  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Job</th>
          <th scope="col">Stage</th>
          <th scope="col">Personal email</th>
          <th scope="col">Added</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((c) => (
          <tr>
            <td>
              <a href={`/candidates/${c.id}`}>
                {c.first_name} {c.last_name}
              </a>
            </td>
            <td>{c.job_title ?? '—'}</td>
            <td>
              <span class="badge">{STAGE_LABELS[c.stage]}</span>
            </td>
            <td>{c.email ?? ''}</td>
            <td>{formatInstant(c.created_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Total = { count: number; more: boolean };

/**
 * Previous and Next follow the rows on the page (a cursor), so every page costs the same; the
 * total is counted up to `COUNT_CAP`, and beyond it the page says "more than 10,000".
 */
function Pagination(props: { query: ListQuery; page: CandidatePage; total: Total }) {
  const { items, hasPrevious, hasNext } = props.page;
  const number = hasPrevious ? props.query.page : 1;
  const first = items[0];
  const last = items.at(-1);

  return (
    <nav class="pagination" aria-label="Pages">
      {hasPrevious && first ? (
        <a href={listLink(props.query, number - 1, number > 2 ? { before: first } : {})}>
          Previous page
        </a>
      ) : null}
      <span>{pageSummary(number, props.total)}</span>
      {hasNext && last ? (
        <a href={listLink(props.query, number + 1, { after: last })}>Next page</a>
      ) : null}
      {isStrandedPage(props) ? <a href={listLink(props.query, 1, {})}>First page</a> : null}
    </nav>
  );
}

/**
 * An empty page past the start while candidates match (a link edited by hand, or the rows it
 * pointed at deleted): neither Previous nor Next can lead anywhere, so it offers the first page.
 */
function isStrandedPage(props: { query: ListQuery; page: CandidatePage; total: Total }): boolean {
  const { page, query, total } = props;

  return page.items.length === 0 && query.position.from !== 'start' && total.count > 0;
}

/** "Page 2 of 5 · 103 candidates", or "Page 2 · more than 10,000 candidates" past the cap. */
export function pageSummary(page: number, total: Total): string {
  const shown = `Page ${formatCount(page)}`;
  if (total.more) return `${shown} · more than ${formatCount(total.count)} candidates`;
  const pages = Math.max(1, Math.ceil(total.count / CANDIDATES_PER_PAGE));
  const noun = total.count === 1 ? 'candidate' : 'candidates';

  return `${shown} of ${formatCount(pages)} · ${formatCount(total.count)} ${noun}`;
}

function listLink(
  query: ListQuery,
  page: number,
  cursor: { after?: ListCursor; before?: ListCursor },
): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.jobId) params.set('job', query.jobId);
  if (query.stage) params.set('stage', query.stage);
  if (cursor.after) params.set('after', cursorParam(cursor.after));
  if (cursor.before) params.set('before', cursorParam(cursor.before));
  if (page > 1) params.set('page', String(page));
  const search = params.toString();

  return search ? `/candidates?${search}` : '/candidates';
}

const formatCount = (n: number) => n.toLocaleString('en-US');

// Adding and editing.

async function formPage(
  c: Ctx,
  candidate: Candidate | undefined,
  values: Kept,
  errors: FieldErrors,
) {
  const jobs = await listJobs(c.var.deps.storage.db, c.var.account.id);
  const title = candidate ? `Edit ${candidate.first_name} ${candidate.last_name}` : 'Add candidate';
  const status = Object.keys(errors).length > 0 ? 400 : 200;
  const L = CANDIDATE_LABELS;

  return renderPage(
    c,
    { title, active: 'candidates', status },
    <>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={L} />
      <form
        method="post"
        action={candidate ? `/candidates/${candidate.id}` : '/candidates'}
        novalidate
      >
        <CsrfField token={c.var.csrfToken} />
        <TextField
          name="first_name"
          label={L.first_name}
          hint="Legal first name, exactly as written"
          value={values.first_name}
          error={errors.first_name}
        />
        <TextField
          name="last_name"
          label={L.last_name}
          hint="Legal last name, exactly as written"
          value={values.last_name}
          error={errors.last_name}
        />
        <TextField
          name="preferred_name"
          label={L.preferred_name}
          hint="Optional"
          value={values.preferred_name}
          error={errors.preferred_name}
        />
        <TextField
          name="email"
          label={L.email}
          type="email"
          hint="Optional"
          value={values.email}
          error={errors.email}
        />
        <TextField
          name="phone"
          label={L.phone}
          type="tel"
          hint="Optional"
          value={values.phone}
          error={errors.phone}
        />
        <SelectField
          name="job_id"
          label={L.job_id}
          empty="No job"
          options={jobs.map(
            (j) => [j.id, j.status === 'open' ? j.title : `${j.title} (closed)`] as const,
          )}
          value={values.job_id}
          error={errors.job_id}
        />
        <button type="submit">{candidate ? 'Save candidate' : 'Add candidate'}</button>
      </form>
    </>,
  );
}
