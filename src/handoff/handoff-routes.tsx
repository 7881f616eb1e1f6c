import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Account } from '../accounts/accounts.js';
import { type Candidate, getCandidate } from '../candidates/candidates.js';
import { getHire, type Hire } from '../candidates/hires.js';
import { getConnection } from '../gusto-connection/connection-repository.js';
import type { GustoConnectionDeps } from '../gusto-connection/deps.js';
import { type GustoSettings, gustoAppUrl } from '../gusto-connection/settings.js';
import type { SignedInEnv, WebApp } from '../web/context.js';
import { readForm } from '../web/form.js';
import { renderPage } from '../web/layout.js';
import { requireUser } from '../web/require-user.js';
import { eligibility } from './eligibility.js';
import {
  type FieldErrors,
  type FormField,
  type FormValues,
  valuesFromBody,
  valuesFromForm,
} from './handoff-form.js';
import { HandoffPanel, type PanelProps, POLL_SCRIPT } from './handoff-panel.js';
import {
  getHandoffForCandidate,
  type Handoff,
  listSteps,
  resumeHandoff,
  settleAbandoned,
  startHandoff,
} from './handoff-store.js';
import { type LoadedChoices, loadChoices } from './load-choices.js';
import { lockedValues, lockViolations } from './resume-lock.js';
import { type Choices, recordedChoices, resolveNames, reviewDefaults } from './review-defaults.js';
import { ReviewPage } from './review-page.js';
import { type OtherCompany, OtherCompanyNote, otherCompany } from './started-elsewhere.js';
import type { HandoffError } from './tables.js';
import { validateForm } from './validate-form.js';

type Ctx = Context<SignedInEnv>;

/** What the hand-off pages need besides the app's own deps. */
export interface HandoffWebContext {
  settings: GustoSettings;
  /** Connection deps for reading departments and locations through withGustoAccess. */
  connection: (c: Ctx) => GustoConnectionDeps;
}

/** Mounts the review form, "Add to Gusto", Resume, the live panel and its script. */
export function mountHandoffRoutes(app: WebApp, web: HandoffWebContext): void {
  app.get('/assets/gusto-handoff.js', (c) =>
    c.body(POLL_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/candidates/:id/gusto', requireUser, (c) => showReview(c, web));
  app.post('/candidates/:id/gusto', requireUser, (c) => addToGusto(c, web));
  app.post('/candidates/:id/gusto/resume', requireUser, (c) => resume(c, web));
  app.get('/candidates/:id/gusto/panel', requireUser, async (c) => {
    const { candidate, hire } = await findHired(c);
    return c.html(<HandoffPanel {...(await panelProps(c, web, candidate, hire))} />);
  });
}

/** The candidate's hand-off as pages show it, with an abandoned one settled first. */
async function currentHandoff(c: Ctx, candidate_id: string): Promise<Handoff | undefined> {
  const { db } = c.var.deps.storage;
  const handoff = await getHandoffForCandidate(db, c.var.account.id, candidate_id);

  return handoff && settleAbandoned(db, handoff);
}

async function findHired(c: Ctx): Promise<{ candidate: Candidate; hire: Hire | undefined }> {
  const { db } = c.var.deps.storage;
  const candidate = await getCandidate(db, c.var.account.id, c.req.param('id') ?? '');
  if (!candidate) throw new HTTPException(404, { message: 'candidate_not_found' });

  return { candidate, hire: await getHire(db, c.var.account.id, candidate.id) };
}

function profileUrl(candidate: Pick<Candidate, 'id'>): string {
  return `/candidates/${candidate.id}#gusto-handoff`;
}

/** The "View in Gusto" address: Gusto's onboarding list of the company. */
export function gustoPeopleUrl(settings: GustoSettings, company_uuid: string): string {
  // Gusto's own web UI path for one person is not documented for app integrations; the
  // onboarding list of People → Team members is where the recruiter's article sends admins.
  const url = new URL('/people/team_members', gustoAppUrl(settings));
  url.searchParams.set('tab', 'onboarding');
  url.searchParams.set('company_uuid', company_uuid);

  return url.toString();
}

/** Everything the Gusto panel shows for a candidate. */
export async function panelProps(
  c: Ctx,
  web: HandoffWebContext,
  candidate: Candidate,
  hire: Hire | undefined,
): Promise<PanelProps> {
  const { db } = c.var.deps.storage;
  const account: Account = c.var.account;
  const handoff = await currentHandoff(c, candidate.id);
  const by = handoff?.created_by
    ? await db
        .selectFrom('users')
        .select('name')
        .where('id', '=', handoff.created_by)
        .where('account_id', '=', account.id)
        .executeTakeFirst()
    : undefined;

  const allowed = await eligibility(db, account, candidate, hire);
  const elsewhere =
    handoff?.status === 'needs_attention' && allowed.ok
      ? await otherCompany(db, handoff, allowed.connection)
      : null;

  return {
    candidate,
    eligibility: allowed,
    handoff,
    otherCompany: elsewhere,
    addedByName: by?.name ?? null,
    admin: c.var.user.role === 'admin',
    gustoUrl: handoff?.gusto_person_uuid
      ? gustoPeopleUrl(web.settings, handoff.company_uuid)
      : null,
  };
}

function errorsFrom(error: HandoffError | null): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of error?.problems ?? []) {
    if (p.field) errors[p.field as keyof FieldErrors] = p.message;
  }

  return errors;
}

function AttentionBanner(props: { error: HandoffError | null }) {
  const general = (props.error?.problems ?? []).filter((p) => p.field === null);

  return (
    <div class="error-summary" role="alert">
      <h2>Needs attention</h2>
      <p>{props.error?.message ?? ''} Correct the form and press Resume.</p>
      <ul>
        {general.map((p) => (
          <li>{p.message}</li>
        ))}
      </ul>
      <p class="muted">Parts already in Gusto are not sent again.</p>
    </div>
  );
}

interface ReviewInput {
  candidate: Candidate;
  hire: Hire | undefined;
  values: FormValues;
  errors: FieldErrors;
  handoff: Handoff | undefined;
  status?: 200 | 400;
  /** The lists already read for this request, so Gusto is asked once. */
  loaded?: LoadedChoices;
  /** On Resume, the values Gusto already holds (see resume-lock.ts). */
  locked?: Partial<FormValues>;
}

/**
 * What the department and location fields offer: the company's own from Gusto, or, when Gusto
 * cannot list them, the hire's recorded text to be matched by name when the hire is sent.
 */
function offeredChoices(loaded: LoadedChoices, hire: Hire | undefined, values?: FormValues) {
  return loaded.problem === null ? loaded.choices : recordedChoices(hire, values);
}

/** The form as shown: a choice by name becomes the live match when Gusto could list them. */
function shownValues(loaded: LoadedChoices, choices: Choices, values: FormValues): FormValues {
  return loaded.problem === null ? resolveNames(values, choices) : values;
}

async function renderReview(c: Ctx, web: HandoffWebContext, input: ReviewInput) {
  const loaded = input.loaded ?? (await loadChoices(web.connection(c), c.var.account.id));
  const { problem } = loaded;
  const choices = offeredChoices(loaded, input.hire, input.values);
  const attention = input.handoff?.status === 'needs_attention';
  const banner = attention ? (
    <AttentionBanner error={input.handoff?.last_error ?? null} />
  ) : problem ? (
    <p class="error-summary" role="alert">
      {problem}
    </p>
  ) : undefined;
  const name = `${input.candidate.first_name} ${input.candidate.last_name}`;
  const connection = await getConnection(c.var.deps.storage.db, c.var.account.id);

  return renderPage(
    c,
    { title: `Add ${name} to Gusto`, active: 'candidates', status: input.status ?? 200 },
    <ReviewPage
      csrf={c.var.csrfToken}
      candidate={input.candidate}
      values={{ ...shownValues(loaded, choices, input.values), ...input.locked }}
      locked={new Set(Object.keys(input.locked ?? {}) as FormField[])}
      errors={input.errors}
      choices={choices}
      banner={banner}
      mode={attention ? 'resume' : 'add'}
      company_name={connection?.company_name ?? 'not connected'}
    />,
  );
}

/** The live lists for checking a department or location, or null when Gusto could not list them. */
function liveChoices(loaded: LoadedChoices): Choices | null {
  return loaded.problem === null ? loaded.choices : null;
}

/**
 * The live lists with the department and location Gusto already holds for this hire, which stay
 * valid on Resume even if the company has since removed them (they cannot be changed here).
 */
function withLocked(choices: Choices | null, locked: Partial<FormValues>): Choices | null {
  if (choices === null) return null;
  const department = locked.department_uuid ?? '';
  const location = locked.location_uuid ?? '';

  return {
    departments: [...choices.departments, { uuid: department, title: department }],
    locations: [...choices.locations, { uuid: location, label: location, terms: [] }],
  };
}

/**
 * A hand-off left for another Gusto company than the connected one: it cannot be finished here,
 * so neither the form nor Resume is offered, and nothing is sent to the connected company.
 */
function startedElsewhere(c: Ctx, candidate: Candidate, note: OtherCompany) {
  return renderPage(
    c,
    { title: 'Add to Gusto', active: 'candidates', status: 409 },
    <>
      <h1>
        {candidate.first_name} {candidate.last_name}
      </h1>
      <OtherCompanyNote {...note} />
      <p>
        <a href={profileUrl(candidate)}>Back to the profile</a>
      </p>
    </>,
  );
}

/** What a second "Add to Gusto" (another click, another tab) is told (C1). */
function alreadyMessage(handoff: Handoff | undefined): string | null {
  if (!handoff) return null;
  if (handoff.status === 'added') return 'This hire is already added to Gusto.';

  return 'This hire is already on its way to Gusto; it was not sent again.';
}

async function refusal(c: Ctx, web: HandoffWebContext, candidate: Candidate, hire?: Hire) {
  const props = await panelProps(c, web, candidate, hire);
  const already = alreadyMessage(props.handoff);

  return renderPage(
    c,
    { title: 'Add to Gusto', active: 'candidates', status: 409 },
    <>
      <h1>
        {candidate.first_name} {candidate.last_name}
      </h1>
      {already ? (
        <p class="notice" role="status">
          {already}
        </p>
      ) : null}
      <HandoffPanel {...props} />
      <p>
        <a href={profileUrl(candidate)}>Back to the profile</a>
      </p>
    </>,
  );
}

async function showReview(c: Ctx, web: HandoffWebContext) {
  const { candidate, hire } = await findHired(c);
  const { db } = c.var.deps.storage;
  const handoff = await currentHandoff(c, candidate.id);
  if (handoff && handoff.status !== 'needs_attention')
    return c.redirect(profileUrl(candidate), 303);
  const allowed = await eligibility(db, c.var.account, candidate, hire);
  if (!allowed.ok || !hire) return refusal(c, web, candidate, hire);

  if (handoff) {
    const elsewhere = await otherCompany(db, handoff, allowed.connection);
    if (elsewhere) return startedElsewhere(c, candidate, elsewhere);
    const values = valuesFromForm(handoff.form);
    const errors = errorsFrom(handoff.last_error);
    const locked = lockedValues(handoff.form, await listSteps(db, handoff.id));
    return renderReview(c, web, { candidate, hire, values, errors, handoff, locked });
  }
  const loaded = await loadChoices(web.connection(c), c.var.account.id);
  const values = reviewDefaults(candidate, hire, offeredChoices(loaded, hire));

  return renderReview(c, web, { candidate, hire, values, errors: {}, handoff, loaded });
}

async function addToGusto(c: Ctx, web: HandoffWebContext) {
  const { candidate, hire } = await findHired(c);
  const { db } = c.var.deps.storage;
  const values = valuesFromBody(await readForm(c));
  const allowed = await eligibility(db, c.var.account, candidate, hire);
  if (!allowed.ok) return refusal(c, web, candidate, hire);

  const loaded = await loadChoices(web.connection(c), c.var.account.id);
  const check = validateForm(values, { choices: liveChoices(loaded) });
  if (!check.ok) {
    const { errors } = check;
    const input = { candidate, hire, values, errors, handoff: undefined, loaded };
    return renderReview(c, web, { ...input, status: 400 });
  }
  const started = await startHandoff(db, {
    account_id: c.var.account.id,
    candidate_id: candidate.id,
    company_uuid: allowed.connection.company_uuid,
    form: check.form,
    created_by: c.var.user.id,
  });
  if (!started.created) return refusal(c, web, candidate, hire);

  return c.redirect(profileUrl(candidate), 303);
}

async function resume(c: Ctx, web: HandoffWebContext) {
  const { candidate, hire } = await findHired(c);
  const { db } = c.var.deps.storage;
  const values = valuesFromBody(await readForm(c));
  const handoff = await currentHandoff(c, candidate.id);
  if (handoff?.status !== 'needs_attention') return c.redirect(profileUrl(candidate), 303);
  const allowed = await eligibility(db, c.var.account, candidate, hire);
  if (!allowed.ok) return refusal(c, web, candidate, hire);
  const elsewhere = await otherCompany(db, handoff, allowed.connection);
  if (elsewhere) return startedElsewhere(c, candidate, elsewhere);

  const locked = lockedValues(handoff.form, await listSteps(db, handoff.id));
  const loaded = await loadChoices(web.connection(c), c.var.account.id);
  const check = validateForm(values, { choices: withLocked(liveChoices(loaded), locked) });
  const refused = lockViolations(locked, values);
  if (!check.ok || Object.keys(refused).length > 0) {
    // A change to what Gusto holds is the one problem shown: the rest may follow from it.
    const errors = Object.keys(refused).length > 0 || check.ok ? refused : check.errors;
    const input = { candidate, hire, values, errors, handoff, loaded, locked };
    return renderReview(c, web, { ...input, status: 400 });
  }
  await resumeHandoff(db, handoff, check.form);

  return c.redirect(profileUrl(candidate), 303);
}
