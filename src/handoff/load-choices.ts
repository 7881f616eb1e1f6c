import type { GustoContext } from '../gusto-client/call-gusto.js';
import { listDepartments, listLocations } from '../gusto-client/company.js';
import type { Location } from '../gusto-client/types.js';
import { ReauthorizationRequiredError, withGustoAccess } from '../gusto-connection/access.js';
import { countedFetch } from '../gusto-connection/counted-fetch.js';
import type { GustoConnectionDeps } from '../gusto-connection/deps.js';
import type { Choices, LocationChoice } from './review-defaults.js';

/** The company's departments and locations, or why they could not be read. */
export type LoadedChoices = { choices: Choices; problem: string | null };

function toLocationChoice(l: Location): LocationChoice {
  const terms = [l.street_1, l.city, l.state].filter((t): t is string => Boolean(t));

  return { uuid: l.uuid, label: terms.join(', '), terms };
}

/** The company's active work locations as the form offers and matches them. */
export function locationChoices(locations: Location[]): LocationChoice[] {
  return locations.filter((l) => l.active !== false).map(toLocationChoice);
}

const BY_NAME_NOTE =
  "The hire's recorded department and work location are offered instead; they are matched by " +
  'name in Gusto when the hire is sent.';

/** Why the lists are missing, in words a recruiter can act on. */
function problemOf(error: unknown): string {
  if (error instanceof ReauthorizationRequiredError) {
    return (
      "Gusto needs an admin to Reauthorize the connection, so the company's departments and " +
      `work locations cannot be listed. ${BY_NAME_NOTE} Add to Gusto saves the hire: it waits ` +
      'and goes through by itself once Gusto is reauthorized.'
    );
  }

  return (
    'Gusto could not be reached to list departments and work locations. ' +
    `${BY_NAME_NOTE} Reload the page to try again; what you typed is kept when you submit.`
  );
}

/**
 * Reads the company's own departments and work locations live from Gusto, for the review form.
 * A failure leaves the lists empty with a message (the page then offers the hire's recorded
 * department and location by name); the recruiter's typing is never lost to it.
 * These two reads are counted in the account's rate budget but never held back by it: a person
 * is waiting for them.
 */
export async function loadChoices(
  deps: GustoConnectionDeps,
  account_id: string,
): Promise<LoadedChoices> {
  try {
    const choices = await withGustoAccess(deps, account_id, async (access) => {
      const fetch = countedFetch(deps, account_id, access.fetch);
      const ctx: GustoContext = { ...access, fetch, logger: deps.logger };
      const [departments, locations] = await Promise.all([
        listDepartments(ctx, { company_uuid: access.company_uuid }),
        listLocations(ctx, { company_id: access.company_uuid }),
      ]);

      return {
        departments: departments.map((d) => ({ uuid: d.uuid, title: d.title ?? d.uuid })),
        locations: locationChoices(locations),
      };
    });

    return { choices, problem: null };
  } catch (error) {
    deps.logger.warn({ err: error, account_id }, 'could not read departments and locations');

    return { choices: { departments: [], locations: [] }, problem: problemOf(error) };
  }
}
