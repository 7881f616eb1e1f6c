import type { Child } from 'hono/jsx';
import { Layout } from './layout.js';

/** One person on the Team members page. */
export interface TeamMemberRow {
  uuid: string;
  kind: 'employees' | 'contractors';
  name: string;
  start_date: string | null;
  department: string | null;
  onboarding_status: string;
}

/** The two tabs of People → Team members. */
export type TeamMembersTab = 'active' | 'onboarding';

/** Words for Gusto's `onboarding_status` values (Employee and Contractor schemas). */
const statusLabels: Record<string, string> = {
  admin_onboarding_incomplete: 'Admin onboarding incomplete',
  admin_onboarding_review: 'Ready for admin review',
  self_onboarding_not_invited: 'Self-onboarding: not invited yet',
  self_onboarding_invited: 'Self-onboarding: invited',
  self_onboarding_started: 'Self-onboarding: started',
  self_onboarding_review: 'Self-onboarding: ready for review',
  onboarding_completed: 'Onboarding completed',
};

/** A readable onboarding status; unknown values are shown as they are. */
export function onboardingStatusLabel(status: string): string {
  return statusLabels[status] ?? status.replaceAll('_', ' ');
}

/** Props of the Team members page. */
export interface TeamMembersProps {
  csrf: string;
  admin_email: string;
  company: { uuid: string; name: string };
  companies: { uuid: string; name: string }[];
  tab: TeamMembersTab;
  rows: TeamMemberRow[];
  notice: string | null;
}

/** People → Team members, with the "Active" and "Onboarding team members" tabs. */
export function TeamMembersPage(props: TeamMembersProps) {
  const link = (tab: TeamMembersTab) =>
    `/people/team_members?${new URLSearchParams({ company_uuid: props.company.uuid, tab })}`;

  return (
    <Layout title="Team members">
      <p>
        People › <strong>Team members</strong> · {props.company.name}
      </p>
      <CompanySwitch {...props} />
      <h1>Team members</h1>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <nav class="tabs" aria-label="Team members">
        <a href={link('active')} aria-current={props.tab === 'active' ? 'page' : undefined}>
          Active
        </a>
        <a href={link('onboarding')} aria-current={props.tab === 'onboarding' ? 'page' : undefined}>
          Onboarding team members
        </a>
      </nav>
      {props.rows.length === 0 ? (
        <p>{props.tab === 'active' ? 'No active team members.' : 'Nobody is onboarding.'}</p>
      ) : (
        <MembersTable {...props} />
      )}
      <form method="post" action="/oauth/sign_out">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p>
          {`Signed in as ${props.admin_email}. `}
          <button type="submit">Sign out</button>
        </p>
      </form>
    </Layout>
  );
}

function CompanySwitch(props: TeamMembersProps) {
  if (props.companies.length < 2) return null;

  return (
    <form method="get" action="/people/team_members">
      <label for="company_uuid">Company</label>
      <select id="company_uuid" name="company_uuid">
        {props.companies.map((c) => (
          <option value={c.uuid} selected={c.uuid === props.company.uuid}>
            {c.name}
          </option>
        ))}
      </select>
      <input type="hidden" name="tab" value={props.tab} />
      <button type="submit">Switch</button>
    </form>
  );
}

function MembersTable(props: TeamMembersProps) {
  const onboarding = props.tab === 'onboarding';

  return (
    <table>
      <thead>
        <tr>
          <th>Name</th>
          <th>Type</th>
          <th>Start date</th>
          <th>{onboarding ? 'Onboarding status' : 'Department'}</th>
          {onboarding ? <th>Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            <td>{row.name}</td>
            <td>{row.kind === 'employees' ? 'Employee' : 'Contractor'}</td>
            <td>{row.start_date ?? '—'}</td>
            <td>
              {onboarding ? onboardingStatusLabel(row.onboarding_status) : (row.department ?? '—')}
            </td>
            {onboarding ? <td>{rowMenu(row, props)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The "⋯" menu: a disclosure, so it works without scripts. */
function rowMenu(row: TeamMemberRow, props: TeamMembersProps): Child {
  const action = `/people/team_members/${row.kind}/${row.uuid}/complete_onboarding`;

  return (
    <details class="menu">
      <summary aria-label={`Actions for ${row.name}`}>⋯</summary>
      <form method="post" action={action}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="company_uuid" value={props.company.uuid} />
        <button type="submit">Complete onboarding</button>
      </form>
    </details>
  );
}
