import type { GustoContext } from '../gusto-client/call-gusto.js';
import { getCompany, getTokenInfo, listLocations } from '../gusto-client/company.js';
import type { Location } from '../gusto-client/types.js';
import { countedFetch } from './counted-fetch.js';
import type { GustoConnectionDeps } from './deps.js';
import type { LocationSummary } from './pending-grants.js';

/** The company a grant reaches, read live from Gusto. */
export interface CompanyOfGrant {
  company_uuid: string;
  company_name: string;
  locations: LocationSummary[];
}

/** Gusto answered token_info for something other than a company token. */
export class NotACompanyGrantError extends Error {
  override name = 'NotACompanyGrantError';
}

/**
 * A client context for calls made with a given access token on behalf of an account; each call
 * is counted in the account's rate budget.
 */
export function gustoContext(
  deps: GustoConnectionDeps,
  access_token: string,
  account_id: string,
): GustoContext {
  return {
    baseUrl: deps.settings.baseUrl,
    access_token,
    fetch: countedFetch(deps, account_id, deps.settings.fetch),
    logger: deps.logger,
  };
}

/**
 * Which company a token reaches: `GET /v1/token_info` names it (strict access: one company per
 * token), and its uuid is the only value trusted for that.
 * @see https://docs.gusto.com/app-integrations/docs/oauth2
 */
export async function companyUuidOfToken(ctx: GustoContext): Promise<string> {
  const info = await getTokenInfo(ctx);
  if (info.resource?.type !== 'Company') {
    throw new NotACompanyGrantError(`token_info names a ${info.resource?.type ?? 'nothing'}`);
  }

  return info.resource.uuid;
}

/** token_info for the company, then the company's name and its locations. */
export async function readCompanyOfGrant(ctx: GustoContext): Promise<CompanyOfGrant> {
  const company_uuid = await companyUuidOfToken(ctx);
  const company = await getCompany(ctx, { company_id: company_uuid });
  const locations = await listLocations(ctx, { company_id: company_uuid });

  return {
    company_uuid,
    company_name: company.name ?? company.trade_name ?? company_uuid,
    locations: locations.filter((l) => l.active !== false).map(summarizeLocation),
  };
}

function summarizeLocation(l: Location): LocationSummary {
  const street = [l.street_1, l.street_2].filter(Boolean).join(', ');
  const region = [l.state, l.zip].filter(Boolean).join(' ');
  const label = [street, l.city, region].filter(Boolean).join(', ');

  return { uuid: l.uuid, label: label || l.uuid };
}
