import { listLocations } from '../gusto-client/company.js';
import type { Department } from '../gusto-client/types.js';
import type { HandoffForm } from './handoff-form.js';
import { recordResolvedForm } from './handoff-store.js';
import { locationChoices } from './load-choices.js';
import { matchDepartment, matchLocation, nameIn } from './review-defaults.js';
import { HandoffAttentionError, type StepContext } from './step-context.js';

// A hire sent while Gusto could not list the company's departments and work locations carries
// them by name (`name:Engineering`). The step that needs one matches it against the live list,
// stores the uuid in the hand-off's form before using it, and asks the recruiter to choose when
// Gusto has nothing by that name.

async function keepResolved(ctx: StepContext, patch: Partial<HandoffForm>): Promise<void> {
  const form = { ...ctx.handoff.form, ...patch } as HandoffForm;
  await recordResolvedForm(ctx.db, ctx.handoff, form);
  ctx.handoff.form = form;
}

/**
 * The department's uuid: the chosen one, or the department whose title is the chosen name
 * (ignoring case and surrounding spaces) among the company's listed `departments`.
 */
export async function resolvedDepartment(
  ctx: StepContext,
  chosen: string,
  departments: Department[],
): Promise<string> {
  const name = nameIn(chosen);
  if (name === null) return chosen;
  const titled = departments.map((d) => ({ uuid: d.uuid, title: d.title ?? '' }));
  const uuid = matchDepartment(name, titled);
  if (uuid === '') throw noMatch('department_uuid', noDepartment(name));

  await keepResolved(ctx, { department_uuid: uuid });
  return uuid;
}

/**
 * The work location's uuid: the chosen one, or the company's active location the chosen name
 * names, matched as the review form pre-selects (every word in its street, city or state).
 * @see https://docs.gusto.com/app-integrations/reference/get-v1-companies-company_id-locations
 */
export async function resolvedLocation(ctx: StepContext, chosen: string): Promise<string> {
  const name = nameIn(chosen);
  if (name === null) return chosen;
  const locations = await ctx.call(() =>
    listLocations(ctx.gusto, { company_id: ctx.company_uuid }),
  );
  const uuid = matchLocation(name, locationChoices(locations));
  if (uuid === '') throw noMatch('location_uuid', noLocation(name));

  await keepResolved(ctx, { location_uuid: uuid });
  return uuid;
}

function noDepartment(name: string): string {
  return (
    `No department called "${name}" in Gusto. Choose one of the company's departments and ` +
    'Resume.'
  );
}

function noLocation(name: string): string {
  return (
    `No work location in Gusto matches "${name}". Choose one of the company's work locations ` +
    'and Resume.'
  );
}

function noMatch(field: 'department_uuid' | 'location_uuid', message: string) {
  return new HandoffAttentionError([{ error_key: field, field, message }]);
}
