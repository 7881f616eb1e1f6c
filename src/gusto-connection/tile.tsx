import type { Context } from 'hono';
import type { Account, User } from '../accounts/accounts.js';
import type { IntegrationTile, SignedInEnv } from '../web/context.js';
import { formatInstant } from '../web/format.js';
import { CsrfField } from '../web/layout.js';
import { type GustoConnection, getConnection } from './connection-repository.js';

/** Plans the Gusto integration belongs to. */
export const GUSTO_PLANS: readonly Account['plan'][] = ['scale', 'enterprise'];

/** The upgrade hint shown on the locked tile and on every refused connect route. */
export const PLAN_HINT = 'Available on the Scale and Enterprise plans.';

/** Whether the account's plan includes the Gusto integration. */
export function planAllowsGusto(account: Pick<Account, 'plan'>): boolean {
  return GUSTO_PLANS.includes(account.plan);
}

/** Messages shown on the tile after an action, by the `gusto` query value it redirects with. */
export const TILE_NOTICES: Record<string, string> = {
  denied: 'You chose Deny in Gusto; nothing was connected.',
  connected: 'Gusto is connected.',
  reauthorized: 'Gusto accepted the new authorization; waiting hires are being sent.',
  verified: 'Gusto answered: the connection works.',
  check_failed: 'Gusto did not answer the check. Try again in a minute.',
  disconnected: 'Gusto is disconnected and the grant was revoked in Gusto.',
  disconnected_unrevoked:
    'Gusto is disconnected in Hirebridge, but Gusto could not be reached to revoke the grant. ' +
    'In Gusto, remove Hirebridge from your connected apps.',
  not_connected: 'This account is not connected to Gusto.',
  needs_reauthorization: 'Gusto no longer accepts this connection: Reauthorize to resume.',
  already_connected: 'This account is already connected to Gusto; Disconnect first to switch.',
};

/** The Gusto tile of the Integrations page. */
export const gustoTile: IntegrationTile = async ({ c, user, account }) => {
  const connection = await getConnection(c.var.deps.storage.db, account.id);
  const live = connection?.status === 'disconnected' ? undefined : connection;
  const notice = TILE_NOTICES[c.req.query('gusto') ?? ''];

  return (
    <section class="card" aria-labelledby="gusto-tile-title" id="gusto">
      <h2 id="gusto-tile-title">Gusto</h2>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <TileBody c={c} user={user} account={account} live={live} />
    </section>
  );
};

function TileBody(props: {
  c: Context<SignedInEnv>;
  user: User;
  account: Account;
  live: GustoConnection | undefined;
}) {
  const { live } = props;
  const csrf = props.c.var.csrfToken;
  const admin = props.user.role === 'admin';
  if (!planAllowsGusto(props.account)) {
    return <LockedBody live={live} admin={admin} csrf={csrf} />;
  }
  if (live === undefined) return <ActivateBody admin={admin} />;
  if (live.status === 'needs_reauthorization') {
    return <ReauthorizeBody live={live} admin={admin} csrf={csrf} />;
  }

  return <ConnectedBody live={live} admin={admin} csrf={csrf} />;
}

function LockedBody(props: { live: GustoConnection | undefined; admin: boolean; csrf: string }) {
  return (
    <>
      <p>
        <span class="badge">Locked</span> {PLAN_HINT} Upgrade your plan in Settings to send hires to
        Gusto payroll.
      </p>
      {props.live && props.admin ? <DisconnectForm csrf={props.csrf} /> : null}
    </>
  );
}

function ActivateBody(props: { admin: boolean }) {
  return (
    <>
      <p>Send hired candidates to Gusto payroll with one reviewed click.</p>
      {props.admin ? (
        <a class="button" href="/integrations/gusto/activate">
          Activate
        </a>
      ) : (
        <p class="muted">Ask an admin of your account to activate Gusto.</p>
      )}
    </>
  );
}

function ConnectedBody(props: { live: GustoConnection; admin: boolean; csrf: string }) {
  const verified = props.live.last_verified_at;

  return (
    <>
      <p>
        <strong>Connected to {props.live.company_name}</strong>
      </p>
      <p class="muted">
        {verified ? `Last verified ${formatInstant(verified)}` : 'Not verified yet'}
      </p>
      <div class="actions">
        <form method="post" action="/integrations/gusto/check" class="inline">
          <CsrfField token={props.csrf} />
          <button type="submit" class="secondary">
            Check connection
          </button>
        </form>
        {props.admin ? <DisconnectForm csrf={props.csrf} /> : null}
      </div>
    </>
  );
}

function ReauthorizeBody(props: { live: GustoConnection; admin: boolean; csrf: string }) {
  return (
    <>
      <p>
        <strong>
          Gusto stopped accepting Hirebridge's access to{' '}
          {props.live.company_name.replace(/\.?$/, '.')}
        </strong>{' '}
        Hires sent meanwhile wait, unharmed, and go through by themselves after Reauthorize.
      </p>
      {props.admin ? (
        <div class="actions">
          <form method="post" action="/integrations/gusto/reauthorize" class="inline">
            <CsrfField token={props.csrf} />
            <button type="submit">Reauthorize</button>
          </form>
          <DisconnectForm csrf={props.csrf} />
        </div>
      ) : (
        <p class="muted">Ask an admin of your account to Reauthorize.</p>
      )}
    </>
  );
}

function DisconnectForm(props: { csrf: string }) {
  return (
    <form method="post" action="/integrations/gusto/disconnect" class="inline">
      <CsrfField token={props.csrf} />
      <button type="submit" class="secondary">
        Disconnect
      </button>
    </form>
  );
}
