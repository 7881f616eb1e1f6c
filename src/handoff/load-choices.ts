import type { GustoContext } from '../gusto-client/call-gusto.js';
import { listDepartments, listLocations } from '../gusto-client/company.js';
import type { Location } from '../gusto-client/types.js';
import { withGustoAccess } from '../gusto-connection/access.js';
import type { GustoConnectionDeps } from '../gusto-connection/deps.js';
import type { Choices, LocationChoice } from './review-defaults.js';

/** The company's departments and locations, or why they could not be read. */
export type LoadedChoices = { choices: Choices; problem: string | null };

function toLocationChoice(l: Location): LocationChoice {
  const terms = [l.street_1, l.city, l.state].filter((t): t is string => Boolean(t));

  return { uuid: l.uuid, label: terms.join(', '), terms };
}

/**
 * Reads the company's own departments and work locations live from Gusto, for the review form.
 * A failure leaves the lists empty with a message; the recruiter's typing is never lost to it.
 * These two reads do not take from the worker's rate budget: they are interactive and rare.
 */
export async function loadChoices(
  deps: GustoConnectionDeps,
  account_id: string,
): Promise<LoadedChoices> {
  try {
    const choices = await withGustoAccess(deps, account_id, async (access) => {
      const ctx: GustoContext = { ...access, logger: deps.logger };
      const [departments, locations] = await Promise.all([
        listDepartments(ctx, { company_uuid: access.company_uuid }),
        listLocations(ctx, { company_id: access.company_uuid }),
      ]);

      return {
        departments: departments.map((d) => ({ uuid: d.uuid, title: d.title ?? d.uuid })),
        locations: locations.filter((l) => l.active !== false).map(toLocationChoice),
      };
    });

    return { choices, problem: null };
  } catch (error) {
    deps.logger.warn({ err: error, account_id }, 'could not read departments and locations');
    const problem =
      'Gusto could not be reached to list departments and work locations. Reload the page to ' +
      'try again; what you typed is kept when you submit.';

    return { choices: { departments: [], locations: [] }, problem };
  }
}
