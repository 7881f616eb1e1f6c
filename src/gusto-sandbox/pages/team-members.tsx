import { type Context, Hono } from 'hono';
import { recordEvent } from '../api/events.js';
import type { SandboxContext } from '../context.js';
import { expiredFormPage } from '../oauth/authorize-routes.js';
import { readForm } from '../oauth/form.js';
import { ensureSession, signedInAdmin, validCsrf } from '../oauth/session.js';
import { ErrorPage } from '../oauth/views.js';
import type {
  SandboxAdmin,
  SandboxCompany,
  SandboxContractor,
  SandboxEmployee,
  SandboxStore,
} from '../state.js';
import { newVersion } from '../state.js';
import { type TeamMemberRow, TeamMembersPage, type TeamMembersTab } from './team-members-view.js';

/** People → Team members, and its "Complete onboarding" action. */
export function teamMembersRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();
  app.get('/', (c) => c.redirect('/people/team_members', 302));
  app.get('/people/team_members', (c) => showTeamMembers(c, ctx.store));
  app.post('/people/team_members/:kind/:uuid/complete_onboarding', (c) =>
    completeOnboarding(c, ctx),
  );

  return app;
}

function showTeamMembers(c: Context, store: SandboxStore): Response | Promise<Response> {
  const admin = signedInAdmin(c, store);
  if (!admin) return toSignIn(c);
  const company = adminCompany(store, admin, c.req.query('company_uuid'));
  if (!company) return notFound(c);

  const tab: TeamMembersTab = c.req.query('tab') === 'onboarding' ? 'onboarding' : 'active';
  const completed = c.req.query('completed');
  const done = completed ? personName(store, completed) : null;
  const page = (
    <TeamMembersPage
      csrf={ensureSession(c, store).csrf_token}
      admin_email={admin.email}
      company={{ uuid: company.uuid, name: company.name }}
      companies={admin.company_uuids.flatMap((uuid) => companyChoice(store, uuid))}
      tab={tab}
      rows={teamMembers(store, company.uuid, tab)}
      notice={done ? `${done} finished onboarding.` : null}
    />
  );

  return c.html(page);
}

/**
 * Finishes a person's onboarding as the admin's checklist would: `onboarded` true, status
 * `onboarding_completed`, a new `version`, and the `employee.onboarded` or
 * `contractor.onboarded` event (Gusto employee and contractor events guides).
 */
async function completeOnboarding(c: Context, ctx: SandboxContext): Promise<Response> {
  const { store } = ctx;
  const form = await readForm(c);
  const session = ensureSession(c, store);
  const company_uuid = form.get('company_uuid') ?? '';
  const back = `/people/team_members?${new URLSearchParams({ company_uuid, tab: 'onboarding' })}`;
  if (!validCsrf(session, form.get('_csrf'))) return expiredFormPage(c, back);
  const admin = signedInAdmin(c, store);
  if (!admin) return toSignIn(c, back);

  const person = findPerson(store, c.req.param('kind'), c.req.param('uuid') ?? '');
  if (!person || !admin.company_uuids.includes(person.record.company_uuid)) return notFound(c);

  if (!person.record.onboarded) {
    person.record.onboarded = true;
    person.record.onboarding_status = 'onboarding_completed';
    person.record.version = newVersion();
    store.changed();
    recordEvent(ctx, {
      event_type: `${person.entity_type.toLowerCase()}.onboarded`,
      company_uuid: person.record.company_uuid,
      entity_type: person.entity_type,
      entity_uuid: person.record.uuid,
    });
  }
  const query = {
    company_uuid: person.record.company_uuid,
    tab: 'onboarding',
    completed: person.record.uuid,
  };

  return c.redirect(`/people/team_members?${new URLSearchParams(query)}`, 303);
}

type Person =
  | { entity_type: 'Employee'; record: SandboxEmployee }
  | { entity_type: 'Contractor'; record: SandboxContractor };

function findPerson(store: SandboxStore, kind: string | undefined, uuid: string): Person | null {
  const employee = kind === 'employees' ? store.data.employees[uuid] : undefined;
  if (employee) return { entity_type: 'Employee', record: employee };
  const contractor = kind === 'contractors' ? store.data.contractors[uuid] : undefined;

  return contractor ? { entity_type: 'Contractor', record: contractor } : null;
}

/** The company to show: the one asked for if the admin runs it, else their first. */
function adminCompany(
  store: SandboxStore,
  admin: SandboxAdmin,
  wanted: string | undefined,
): SandboxCompany | undefined {
  const uuid = wanted ?? admin.company_uuids[0];
  if (!uuid || !admin.company_uuids.includes(uuid)) return undefined;

  return store.data.companies[uuid];
}

function companyChoice(store: SandboxStore, uuid: string): { uuid: string; name: string }[] {
  const company = store.data.companies[uuid];

  return company ? [{ uuid, name: company.name }] : [];
}

/** Active: onboarded and still working; Onboarding: not onboarded yet. */
export function teamMembers(
  store: SandboxStore,
  company_uuid: string,
  tab: TeamMembersTab,
): TeamMemberRow[] {
  const onboarding = tab === 'onboarding';
  const employees = Object.values(store.data.employees)
    .filter((e) => e.company_uuid === company_uuid && !e.terminated && e.onboarded !== onboarding)
    .map((e) => employeeRow(store, e));
  const contractors = Object.values(store.data.contractors)
    .filter((k) => k.company_uuid === company_uuid && k.is_active && k.onboarded !== onboarding)
    .map((k) => contractorRow(store, k));

  return [...employees, ...contractors].sort((a, b) => a.name.localeCompare(b.name));
}

function employeeRow(store: SandboxStore, e: SandboxEmployee): TeamMemberRow {
  const jobs = Object.values(store.data.jobs).filter((j) => j.employee_uuid === e.uuid);
  const job = jobs.find((j) => j.primary) ?? jobs[0];

  return {
    uuid: e.uuid,
    kind: 'employees',
    name: `${e.preferred_first_name || e.first_name} ${e.last_name}`,
    start_date: job?.hire_date ?? null,
    department: departmentTitle(store, e.department_uuid),
    onboarding_status: e.onboarding_status,
  };
}

function contractorRow(store: SandboxStore, k: SandboxContractor): TeamMemberRow {
  return {
    uuid: k.uuid,
    kind: 'contractors',
    name: contractorName(k),
    start_date: k.start_date,
    department: departmentTitle(store, k.department_uuid),
    onboarding_status: k.onboarding_status,
  };
}

function contractorName(k: SandboxContractor): string {
  if (k.type === 'Business') return k.business_name ?? 'Business contractor';

  return `${k.first_name ?? ''} ${k.last_name ?? ''}`.trim();
}

function departmentTitle(store: SandboxStore, uuid: string | null): string | null {
  return uuid ? (store.data.departments[uuid]?.title ?? null) : null;
}

function personName(store: SandboxStore, uuid: string): string | null {
  const employee = store.data.employees[uuid];
  if (employee) return employeeRow(store, employee).name;
  const contractor = store.data.contractors[uuid];

  return contractor ? contractorName(contractor) : null;
}

function toSignIn(c: Context, return_to = pathOf(c)): Response {
  return c.redirect(`/oauth/sign_in?${new URLSearchParams({ return_to })}`, 303);
}

function pathOf(c: Context): string {
  const url = new URL(c.req.url);

  return `${url.pathname}${url.search}`;
}

function notFound(c: Context): Response | Promise<Response> {
  return c.html(
    <ErrorPage title="Not found" message="There is no such page for your companies." />,
    404,
  );
}
