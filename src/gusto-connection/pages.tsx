import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { SignedInEnv } from '../web/context.js';
import { CsrfField, type PageOptions, renderPage } from '../web/layout.js';
import type { StateRefusal } from './oauth-state.js';
import type { PendingGrant } from './pending-grants.js';
import { PLAN_HINT } from './tile.js';

const CHOOSE_COMPANY =
  'You authorized several Gusto companies. Choose the one this account sends hires to:';

type Ctx = Context<SignedInEnv>;

type Status = NonNullable<PageOptions['status']>;

function page(c: Ctx, title: string, status: Status, content: Child) {
  return renderPage(c, { title, active: 'integrations', status }, content);
}

function BackToIntegrations() {
  return (
    <p>
      <a href="/integrations">Back to Integrations</a>
    </p>
  );
}

/** The refusal of every connect route on Free and Start. */
export function planLockedPage(c: Ctx) {
  return page(
    c,
    'Gusto is not on your plan',
    403,
    <>
      <h1>Gusto is not on your plan</h1>
      <p>{PLAN_HINT} Upgrade your plan in Settings, then activate Gusto from Integrations.</p>
      <BackToIntegrations />
    </>,
  );
}

/** After Activate: the two ways into Gusto's authorization. */
export function activatePage(c: Ctx) {
  const csrf = c.var.csrfToken;

  return page(
    c,
    'Activate Gusto',
    200,
    <>
      <h1>Activate Gusto</h1>
      <p>Does your company already run payroll in Gusto?</p>
      <div class="actions">
        <form method="post" action="/integrations/gusto/authorize" class="inline">
          <CsrfField token={csrf} />
          <input type="hidden" name="account" value="existing" />
          <button type="submit">We already have our own Gusto account</button>
        </form>
        <form method="post" action="/integrations/gusto/authorize" class="inline">
          <CsrfField token={csrf} />
          <input type="hidden" name="account" value="new" />
          <button type="submit" class="secondary">
            We need a new Gusto account
          </button>
        </form>
      </div>
      <p class="muted">
        Gusto asks you to sign in as a Gusto admin and to Authorize Hirebridge. You come back here
        to confirm the company.
      </p>
      <BackToIntegrations />
    </>,
  );
}

/** For real Gusto, whose sign-up cannot send the admin back: sign up there, then continue. */
export function signUpInterstitialPage(c: Ctx, signUpUrl: string, authorizeUrl: string) {
  return page(
    c,
    'Create your Gusto account',
    200,
    <>
      <h1>Create your Gusto account</h1>
      <ol>
        <li>
          <a href={signUpUrl} target="_blank" rel="noopener noreferrer">
            Create a Gusto account
          </a>{' '}
          (opens Gusto in a new tab) and finish setting up your company there.
        </li>
        <li>
          Come back to this page and continue: Gusto asks you to sign in with the new account and to
          Authorize Hirebridge.
        </li>
      </ol>
      <p>
        <a class="button" href={authorizeUrl}>
          Continue to Gusto
        </a>
      </p>
      <BackToIntegrations />
    </>,
  );
}

/** What to say for each refused callback state. */
const STATE_REFUSALS: Record<StateRefusal, string> = {
  missing: 'The answer from Gusto carried no request reference.',
  unknown: 'The answer from Gusto does not match any request Hirebridge made.',
  other_session: 'The answer from Gusto belongs to a request made in another browser session.',
  expired: 'The request to Gusto is older than 10 minutes.',
  used: 'This answer from Gusto was already used.',
};

/** The callback's state did not check out; nothing was stored. */
export function stateRefusedPage(c: Ctx, reason: StateRefusal) {
  return page(
    c,
    'Gusto connection refused',
    400,
    <>
      <h1>Gusto connection refused</h1>
      <p>{STATE_REFUSALS[reason]} Nothing was connected.</p>
      <p>
        For your safety Hirebridge only accepts Gusto's answer to a request started from this
        browser in the last 10 minutes. Start again from Integrations.
      </p>
      <BackToIntegrations />
    </>,
  );
}

/** The authorization did not complete at Gusto's end. */
export function authorizationFailedPage(c: Ctx, reason: string) {
  return page(
    c,
    'Gusto did not complete the connection',
    400,
    <>
      <h1>Gusto did not complete the connection</h1>
      <p>Nothing was connected. Start again from Integrations; if it keeps failing, try later.</p>
      <p class="muted">Details: {reason}</p>
      <BackToIntegrations />
    </>,
  );
}

/** Reauthorize reached another company: nothing changed. */
export function otherCompanyPage(c: Ctx, granted: string, connected: string) {
  return page(
    c,
    'Another Gusto company',
    409,
    <>
      <h1>That is another Gusto company</h1>
      <p>
        Gusto gave access to {granted}, but this account is connected to {connected}. Nothing
        changed. To reauthorize, pick {connected} in Gusto. To switch to {granted}, Disconnect
        first, then connect again.
      </p>
      <BackToIntegrations />
    </>,
  );
}

/** No company is waiting in this flow (expired, or already saved). */
export function flowExpiredPage(c: Ctx) {
  return page(
    c,
    'Configure Access expired',
    400,
    <>
      <h1>Nothing to configure</h1>
      <p>
        No authorized Gusto company is waiting here: the request is older than 30 minutes or was
        already saved. Start again from Integrations.
      </p>
      <BackToIntegrations />
    </>,
  );
}

/** The Configure Access box: the companies authorized in this flow, one to choose, Save. */
export function configureAccessPage(
  c: Ctx,
  flow_id: string,
  grants: PendingGrant[],
  error?: string,
) {
  const csrf = c.var.csrfToken;
  const only = grants.length === 1;

  return page(
    c,
    'Configure Access',
    error ? 400 : 200,
    <section class="card" aria-labelledby="configure-access-title">
      <h1 id="configure-access-title">Configure Access</h1>
      <form method="post" action="/integrations/gusto/save" novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="flow_id" value={flow_id} />
        <fieldset aria-describedby={error ? 'company-error' : undefined}>
          <legend>
            {only ? 'Hirebridge will send hires to this Gusto company:' : CHOOSE_COMPANY}
          </legend>
          {error ? (
            <p class="error" id="company-error" role="alert">
              {error}
            </p>
          ) : null}
          {grants.map((g) => (
            <CompanyChoice grant={g} checked={only} />
          ))}
        </fieldset>
        <button type="submit">Save</button>
      </form>
      <form method="post" action="/integrations/gusto/authorize" class="inline">
        <CsrfField token={csrf} />
        <input type="hidden" name="account" value="existing" />
        <input type="hidden" name="flow_id" value={flow_id} />
        <button type="submit" class="secondary">
          Authorize another company
        </button>
      </form>
    </section>,
  );
}

function CompanyChoice(props: { grant: PendingGrant; checked: boolean }) {
  const { grant } = props;
  const id = `company-${grant.id}`;

  return (
    <div class="field">
      <input
        type="radio"
        name="pending_grant_id"
        id={id}
        value={grant.id}
        checked={props.checked}
        aria-describedby={`${id}-locations`}
      />
      <label for={id}>{grant.company_name}</label>
      <ul id={`${id}-locations`} class="muted" aria-label={`Locations of ${grant.company_name}`}>
        {grant.locations.length === 0 ? <li>No work locations in Gusto yet</li> : null}
        {grant.locations.map((l) => (
          <li>{l.label}</li>
        ))}
      </ul>
    </div>
  );
}
