import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { getUser } from '../../accounts/accounts.js';
import {
  addNote,
  type Candidate,
  type CandidateNote,
  listNotes,
  listStageChanges,
  moveCandidate,
  type StageChange,
} from '../../candidates/candidates.js';
import { getHire, type Hire } from '../../candidates/hires.js';
import { isStage, STAGE_LABELS, STAGES } from '../../candidates/stages.js';
import { getJob } from '../../jobs/jobs.js';
import type { HirePanelPlacement, SignedInEnv, WebApp } from '../context.js';
import { choice, type FieldErrors, parseForm, readForm, requiredMultilineText } from '../form.js';
import { ErrorSummary, SelectField, TextAreaField } from '../form-view.js';
import { formatInstant } from '../format.js';
import { HireInformation } from '../hire-information.js';
import { CsrfField, renderPage } from '../layout.js';
import { requireUser } from '../require-user.js';
import { findCandidate } from './candidates.js';

type Ctx = Context<SignedInEnv>;

const stageSchema = z.object({
  stage: choice(STAGES, 'Choose a stage from the list'),
});

const noteSchema = z.object({ note: requiredMultilineText('note') });

const NOTICES: Record<string, string> = {
  created: 'Candidate added.',
  saved: 'Candidate saved.',
  moved: 'Stage changed.',
  noted: 'Note added.',
  hired: 'Moved to Hired. The hire information is saved.',
};

/** The profile, with stage moves and notes. */
export function mountCandidateProfileRoutes(app: WebApp): void {
  app.get('/candidates/:id', requireUser, async (c) => profilePage(c, await findCandidate(c)));
  app.post('/candidates/:id/stage', requireUser, async (c) => {
    const candidate = await findCandidate(c);
    const values = await readForm(c);
    const form = parseForm(stageSchema, values);
    if (!form.ok) return profilePage(c, candidate, { errors: form.errors });
    // Hired goes through the hire step; the stage changes only when its form is complete.
    if (form.data.stage === 'hired') return c.redirect(`/candidates/${candidate.id}/hire`, 303);
    await moveCandidate(c.var.deps.storage.db, {
      accountId: c.var.account.id,
      candidateId: candidate.id,
      stage: form.data.stage,
      userId: c.var.user.id,
    });

    return c.redirect(`/candidates/${candidate.id}?notice=moved`, 303);
  });
  app.post('/candidates/:id/notes', requireUser, async (c) => {
    const candidate = await findCandidate(c);
    const values = await readForm(c);
    const form = parseForm(noteSchema, values);
    if (!form.ok) return profilePage(c, candidate, { errors: form.errors, note: values.note });
    const { db } = c.var.deps.storage;
    const ids = { accountId: c.var.account.id, candidateId: candidate.id };
    await addNote(db, { ...ids, authorId: c.var.user.id, body: form.data.note });

    return c.redirect(`/candidates/${candidate.id}?notice=noted`, 303);
  });
}

/** The hire panel an extension renders for this candidate, if any. */
async function hirePanel(
  c: Ctx,
  candidate: Candidate,
  hire: Hire | undefined,
  placement: HirePanelPlacement,
): Promise<Child> {
  const panel = c.var.deps.hirePanel;
  if (!panel) return null;

  return panel({ c, user: c.var.user, account: c.var.account, candidate, hire, placement });
}

async function profilePage(
  c: Ctx,
  candidate: Candidate,
  form: { errors: FieldErrors; note?: string | undefined } = { errors: {} },
) {
  const { db } = c.var.deps.storage;
  const accountId = c.var.account.id;
  const job = candidate.job_id ? await getJob(db, accountId, candidate.job_id) : undefined;
  const hire = await getHire(db, accountId, candidate.id);
  const recordedBy = hire?.recorded_by ? await getUser(db, accountId, hire.recorded_by) : undefined;
  const history = await listStageChanges(db, accountId, candidate.id);
  const notes = await listNotes(db, accountId, candidate.id);
  const notice = c.req.query('notice') ?? '';
  const justHired = notice === 'hired' && candidate.stage === 'hired';
  const afterHire = justHired ? await hirePanel(c, candidate, hire, 'after_hire') : null;
  const panel = await hirePanel(c, candidate, hire, 'profile');
  const status = Object.keys(form.errors).length > 0 ? 400 : 200;
  const name = `${candidate.first_name} ${candidate.last_name}`;

  return renderPage(
    c,
    { title: name, active: 'candidates', notice: NOTICES[notice], status },
    <>
      <h1>{name}</h1>
      {afterHire ? (
        <section class="card" aria-label="Next steps for this hire" id="after-hire">
          {afterHire}
        </section>
      ) : null}
      <ErrorSummary errors={form.errors} labels={{ stage: 'Stage', note: 'Note' }} />
      <ContactDetails candidate={candidate} jobTitle={job?.title} />
      <StageForm c={c} candidate={candidate} error={form.errors.stage} />
      <HireInformation
        candidate={candidate}
        hire={hire}
        recordedByName={recordedBy?.name}
        panel={panel}
      />
      <StageHistory history={history} />
      <Notes c={c} candidate={candidate} notes={notes} note={form.note} error={form.errors.note} />
    </>,
  );
}

function ContactDetails(props: { candidate: Candidate; jobTitle: string | undefined }) {
  const c = props.candidate;

  return (
    <section class="card" aria-labelledby="contact-title">
      <h2 id="contact-title">Contact details</h2>
      <dl class="details">
        <dt>First name</dt>
        <dd>{c.first_name}</dd>
        <dt>Last name</dt>
        <dd>{c.last_name}</dd>
        <dt>Preferred name</dt>
        <dd>{c.preferred_name ?? '—'}</dd>
        <dt>Personal email</dt>
        <dd>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'}</dd>
        <dt>Phone</dt>
        <dd>{c.phone ?? '—'}</dd>
        <dt>Job</dt>
        <dd>
          {c.job_id && props.jobTitle ? <a href={`/jobs/${c.job_id}`}>{props.jobTitle}</a> : '—'}
        </dd>
        <dt>Stage</dt>
        <dd>
          <span class="badge">{STAGE_LABELS[c.stage]}</span>
        </dd>
      </dl>
      <p>
        <a href={`/candidates/${c.id}/edit`}>Edit candidate</a>
      </p>
    </section>
  );
}

const MOVE_TO_HIRED_HINT = 'Moving to Hired opens the hire step.';
const MOVE_FROM_HIRED_HINT =
  'Moving a Hired candidate keeps the hire information; a hire already sent to Gusto stays there.';

function StageForm(props: { c: Ctx; candidate: Candidate; error: string | undefined }) {
  return (
    <form method="post" action={`/candidates/${props.candidate.id}/stage`} class="card" novalidate>
      <CsrfField token={props.c.var.csrfToken} />
      <SelectField
        name="stage"
        label="Move to stage"
        hint={props.candidate.stage === 'hired' ? MOVE_FROM_HIRED_HINT : MOVE_TO_HIRED_HINT}
        options={STAGES.map((s) => [s, STAGE_LABELS[s]] as const)}
        value={props.candidate.stage}
        error={props.error}
      />
      <button type="submit">Move</button>
    </form>
  );
}

function StageHistory(props: { history: StageChange[] }) {
  return (
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">Stage history</h2>
      <ol>
        {props.history.map((h) => (
          <li>
            {h.from_stage && isStage(h.from_stage)
              ? `${STAGE_LABELS[h.from_stage]} → `
              : 'Added at '}
            {isStage(h.to_stage) ? STAGE_LABELS[h.to_stage] : h.to_stage},{' '}
            {formatInstant(h.changed_at)}
            {h.changed_by_name ? ` by ${h.changed_by_name}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Notes(props: {
  c: Ctx;
  candidate: Candidate;
  notes: CandidateNote[];
  note: string | undefined;
  error: string | undefined;
}) {
  return (
    <section class="card" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes</h2>
      <form method="post" action={`/candidates/${props.candidate.id}/notes`} novalidate>
        <CsrfField token={props.c.var.csrfToken} />
        <TextAreaField name="note" label="Note" value={props.note} error={props.error} />
        <button type="submit">Add note</button>
      </form>
      {props.notes.length === 0 ? <p class="muted">No notes yet.</p> : null}
      {props.notes.map((n) => (
        <article class="note">
          <p class="muted">
            {n.author_name ?? 'Someone'}, {formatInstant(n.created_at)}
          </p>
          <p class="note-body">{n.body}</p>
        </article>
      ))}
    </section>
  );
}
