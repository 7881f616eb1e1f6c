import type { Child } from 'hono/jsx';
import type { Candidate } from '../candidates/candidates.js';
import { type Hire, WORKER_TYPE_LABELS } from '../candidates/hires.js';
import { STAGE_LABELS } from '../candidates/stages.js';
import { formatDate, formatInstant, formatMoney } from './format.js';

/** Pay units as a recruiter reads them after an amount. */
export const PAY_UNIT_LABELS: Record<Hire['pay_unit'], string> = {
  Hour: 'per hour',
  Week: 'per week',
  Month: 'per month',
  Year: 'per year',
  Paycheck: 'per paycheck',
};

/** What the Hire Information section shows. */
export interface HireInformationProps {
  candidate: Candidate;
  hire: Hire | undefined;
  /** Name of whoever took the hire step, when known. */
  recordedByName?: string | null | undefined;
  /** An integration's block (e.g. sending the hire to payroll), shown under the values. */
  panel?: Child;
}

/**
 * The profile's "Hire Information": the values of the hire step, or how to record them, and an
 * optional integration block underneath.
 */
export function HireInformation(props: HireInformationProps) {
  const { candidate, hire } = props;

  return (
    <section class="card" aria-labelledby="hire-information-title" id="hire-information">
      <h2 id="hire-information-title">Hire Information</h2>
      {hire && candidate.stage !== 'hired' ? <NoLongerHired candidate={candidate} /> : null}
      {hire ? (
        <HireValues hire={hire} recordedByName={props.recordedByName} />
      ) : (
        <p class="muted">
          No hire recorded yet. Move the candidate to Hired to record the start date and offer.
        </p>
      )}
      {hire ? (
        <p>
          <a href={`/candidates/${candidate.id}/hire`}>Edit hire information</a>
        </p>
      ) : null}
      {props.panel ?? null}
    </section>
  );
}

/**
 * Moving a Hired candidate to another stage keeps their hire record, and cannot undo a hire
 * already sent to payroll: the recruiter is told where such a change has to be made.
 */
function NoLongerHired(props: { candidate: Candidate }) {
  return (
    <p class="warning" role="note">
      No longer Hired: this candidate is now at {STAGE_LABELS[props.candidate.stage]}. The hire
      information below is kept as it was recorded. If this hire was already sent to Gusto, Gusto
      still has it: Hirebridge does not change or remove it there, so make any change in Gusto.
    </p>
  );
}

function HireValues(props: { hire: Hire; recordedByName?: string | null | undefined }) {
  const { hire } = props;

  return (
    <dl class="details">
      <dt>Start date</dt>
      <dd>
        <time datetime={hire.start_date}>{formatDate(hire.start_date)}</time>
      </dd>
      <dt>Job title</dt>
      <dd>{hire.job_title}</dd>
      <dt>Employee or contractor</dt>
      <dd>{WORKER_TYPE_LABELS[hire.worker_type]}</dd>
      <dt>Pay offered</dt>
      <dd>
        ${formatMoney(hire.pay_rate)} {PAY_UNIT_LABELS[hire.pay_unit]}
      </dd>
      <dt>Department</dt>
      <dd>{hire.department ?? '—'}</dd>
      <dt>Work location</dt>
      <dd>{hire.work_location ?? '—'}</dd>
      <dt>Recorded</dt>
      <dd>
        {formatInstant(hire.recorded_at)}
        {props.recordedByName ? ` by ${props.recordedByName}` : ''}
      </dd>
    </dl>
  );
}
