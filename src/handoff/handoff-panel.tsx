import type { Child } from 'hono/jsx';
import type { Candidate } from '../candidates/candidates.js';
import { formatDate } from '../web/format.js';
import type { Eligibility } from './eligibility.js';
import type { Handoff } from './handoff-store.js';
import { type OtherCompany, OtherCompanyNote } from './started-elsewhere.js';
import { isInFlight, STATUS_LABELS } from './state-machine.js';

/** Where the review form of a candidate lives. */
export function reviewPath(candidate_id: string): string {
  return `/candidates/${candidate_id}/gusto`;
}

/** Where the live state of a candidate's hand-off is fetched from by the polling script. */
export function panelPath(candidate_id: string): string {
  return `/candidates/${candidate_id}/gusto/panel`;
}

/** What the panel shows about one candidate. */
export interface PanelProps {
  candidate: Pick<Candidate, 'id'>;
  eligibility: Eligibility;
  handoff: Handoff | undefined;
  /** Name of who pressed "Add to Gusto". */
  addedByName: string | null;
  /** The "View in Gusto" address of the added person. */
  gustoUrl: string | null;
  /** Whether the viewer is an admin, who alone can Reauthorize the connection. */
  admin: boolean;
  /** Set when a hand-off needing attention belongs to another company than the connected one. */
  otherCompany?: OtherCompany | null;
}

const WHY_NOT: Record<Exclude<Eligibility, { ok: true }>['reason'], () => Child> = {
  plan: () => (
    <p class="muted">
      Sending hires to Gusto is part of the Scale and Enterprise plans. Upgrade under{' '}
      <a href="/settings">Settings</a> to use it.
    </p>
  ),
  not_hired: () => (
    <p class="muted">Only Hired candidates can be added to Gusto. Move this candidate to Hired.</p>
  ),
  no_hire: () => (
    <p class="muted">Record the hire information (start date and offer) before adding to Gusto.</p>
  ),
  not_connected: () => (
    <p class="muted">
      Gusto is not connected. Connect it under <a href="/integrations">Integrations</a>.
    </p>
  ),
};

/** Who can Reauthorize: the admin gets the link, anyone else is told to ask one. */
function ReauthorizeAction(props: { admin: boolean }) {
  return props.admin ? (
    <a href="/integrations">Reauthorize</a>
  ) : (
    <>Ask an admin of your account to Reauthorize it under Integrations.</>
  );
}

/** Beside "Click to add to Gusto" while the connection needs reauthorization (C8). */
function ReauthorizeNote(props: { admin: boolean }) {
  return (
    <p class="notice" role="status">
      Gusto needs an admin to Reauthorize the connection. Hires sent meanwhile wait and go through
      by themselves once it is reauthorized. <ReauthorizeAction admin={props.admin} />
    </p>
  );
}

/**
 * The Gusto block of "Hire Information": the state of the hand-off, "Click to add to Gusto", or
 * why not. While the hand-off is on its way the block refreshes itself (with the script) and
 * offers a Refresh link (without it).
 */
export function HandoffPanel(props: PanelProps) {
  const live = props.handoff && isInFlight(props.handoff.status);

  return (
    <div
      id="gusto-handoff"
      class="gusto-handoff"
      aria-live="polite"
      data-poll={live ? panelPath(props.candidate.id) : undefined}
    >
      <h3>Gusto</h3>
      <PanelBody {...props} />
      {live ? (
        <noscript>
          <a href={`/candidates/${props.candidate.id}#gusto-handoff`}>Refresh</a>
        </noscript>
      ) : null}
      {live ? <script src="/assets/gusto-handoff.js" defer /> : null}
    </div>
  );
}

function PanelBody(props: PanelProps) {
  const { handoff } = props;
  if (handoff) return <HandoffState {...props} handoff={handoff} />;
  if (!props.eligibility.ok) return WHY_NOT[props.eligibility.reason]();
  const waiting = props.eligibility.connection.status === 'needs_reauthorization';

  return (
    <>
      <p>
        <a class="button" href={reviewPath(props.candidate.id)}>
          Click to add to Gusto
        </a>
      </p>
      {waiting ? <ReauthorizeNote admin={props.admin} /> : null}
    </>
  );
}

function HandoffState(props: PanelProps & { handoff: Handoff }) {
  const { handoff } = props;
  const label = STATUS_LABELS[handoff.status];
  switch (handoff.status) {
    case 'queued':
      return <p role="status">{label}: the hire is on its way to Gusto.</p>;
    case 'checking':
      return (
        <p role="status">
          {label}: Gusto's last answer was lost, so Hirebridge is checking whether the person was
          created before going on. Nothing will be created twice.
        </p>
      );
    case 'waiting_reauthorization':
      return (
        <p role="status">
          {label}: the hire is saved and will be sent by itself once Gusto is reauthorized.{' '}
          <ReauthorizeAction admin={props.admin} />
        </p>
      );
    case 'needs_attention':
      return <NeedsAttention {...props} />;
    case 'added':
      return <Added {...props} />;
  }
}

function NeedsAttention(props: PanelProps & { handoff: Handoff }) {
  const error = props.handoff.last_error;

  return (
    <div role="alert">
      <p>
        <strong>{STATUS_LABELS.needs_attention}:</strong> {error?.message ?? ''}
      </p>
      <ul>
        {(error?.problems ?? []).map((p) => (
          <li>{p.message}</li>
        ))}
      </ul>
      {props.otherCompany ? (
        <OtherCompanyNote {...props.otherCompany} />
      ) : (
        <p>
          <a class="button" href={reviewPath(props.candidate.id)}>
            Correct and resume
          </a>
        </p>
      )}
    </div>
  );
}

function Added(props: PanelProps & { handoff: Handoff }) {
  const { handoff } = props;
  const on = handoff.completed_at ? formatDate(handoff.completed_at.slice(0, 10)) : '';
  const by = props.addedByName ? ` by ${props.addedByName}` : '';

  return (
    <p role="status">
      Added{by} on {on}. Starts {formatDate(handoff.form.start_date)}.{' '}
      {props.gustoUrl ? <a href={props.gustoUrl}>View in Gusto</a> : null}
    </p>
  );
}

/**
 * Replaces the panel with a fresh copy every few seconds while the hand-off is on its way; stops
 * once it is added or needs attention. Served as a file because the pages' CSP forbids inline
 * scripts.
 */
export const POLL_SCRIPT = `(() => {
  const tick = async () => {
    const panel = document.getElementById('gusto-handoff');
    const url = panel && panel.dataset.poll;
    if (!url) return;
    try {
      const response = await fetch(url, { headers: { accept: 'text/html' } });
      if (response.ok) panel.outerHTML = await response.text();
    } catch {}
    setTimeout(tick, 2000);
  };
  if (!window.gustoHandoffPolling) { window.gustoHandoffPolling = true; setTimeout(tick, 2000); }
})();
`;

/** Offered right after the hire step: the next thing to do with this hire. */
export function SendToGusto(props: { href: string }) {
  return (
    <p>
      This hire can go to Gusto now.{' '}
      <a class="button" href={props.href}>
        Send to Gusto
      </a>
    </p>
  );
}
