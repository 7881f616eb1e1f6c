import type { Kysely } from 'kysely';
import type { GustoConnection } from '../gusto-connection/connection-repository.js';
import type { Database } from '../storage/schema.js';
import type { Handoff } from './handoff-store.js';

/** A hand-off started for one Gusto company while the account is connected to another. */
export interface OtherCompany {
  /** The company the hire was started in: its name when known, else its uuid. */
  started: string;
  /** The company connected now. */
  connected: string;
}

/**
 * The name the account last connected `company_uuid` under; its uuid when no connection row of
 * the account names it. Disconnect keeps the row, so the name of a company switched away from
 * is still known.
 */
async function companyName(db: Kysely<Database>, account_id: string, company_uuid: string) {
  const row = await db
    .selectFrom('gusto_connections')
    .select('company_name')
    .where('account_id', '=', account_id)
    .where('company_uuid', '=', company_uuid)
    .orderBy('connected_at', 'desc')
    .limit(1)
    .executeTakeFirst();

  return row?.company_name ?? company_uuid;
}

/**
 * Whether the hand-off belongs to another company than the connected one. Such a hand-off can
 * only be finished in Gusto or after reconnecting its company; sending any of it to the
 * connected company would put the person in the wrong payroll.
 */
export async function otherCompany(
  db: Kysely<Database>,
  handoff: Pick<Handoff, 'account_id' | 'company_uuid'>,
  connection: Pick<GustoConnection, 'company_uuid' | 'company_name'>,
): Promise<OtherCompany | null> {
  if (handoff.company_uuid === connection.company_uuid) return null;
  const started = await companyName(db, handoff.account_id, handoff.company_uuid);

  return { started, connected: connection.company_name };
}

/** The plain words shown instead of Resume for a hand-off of another company. */
export function otherCompanyMessage(note: OtherCompany): string {
  return (
    `This hire was started in ${note.started} and cannot be finished while ${note.connected} ` +
    // One full stop even after a name that ends in one ("Acme Robotics Inc.").
    `is connected. Finish it in Gusto, or reconnect ${note.started.replace(/\.?$/, '.')}`
  );
}

/** The note on the profile and the review page. */
export function OtherCompanyNote(props: OtherCompany) {
  return (
    <p class="notice" role="alert">
      {otherCompanyMessage(props)}
    </p>
  );
}
