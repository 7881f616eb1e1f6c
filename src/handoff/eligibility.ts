import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.js';
import type { Candidate } from '../candidates/candidates.js';
import type { Hire } from '../candidates/hires.js';
import { type GustoConnection, getConnection } from '../gusto-connection/connection-repository.js';
import { planAllowsGusto } from '../gusto-connection/tile.js';
import type { Database } from '../storage/schema.js';

/** Why a candidate cannot be sent to Gusto now, or the connection to send them through. */
export type Eligibility =
  | { ok: true; connection: GustoConnection; hire: Hire }
  | { ok: false; reason: 'plan' | 'not_hired' | 'no_hire' | 'not_connected' };

/**
 * Whether this candidate can go to Gusto: the plan includes it, the candidate is Hired with a
 * hire record, and the account has a connection. A connection that needs reauthorization does
 * not stop the send: the hand-off is recorded, waits, and goes through by itself after
 * Reauthorize of the same company (C8). The reason is shown when not.
 */
export async function eligibility(
  db: Kysely<Database>,
  account: Pick<Account, 'id' | 'plan'>,
  candidate: Pick<Candidate, 'stage'>,
  hire: Hire | undefined,
): Promise<Eligibility> {
  if (!planAllowsGusto(account)) return { ok: false, reason: 'plan' };
  if (candidate.stage !== 'hired') return { ok: false, reason: 'not_hired' };
  if (!hire) return { ok: false, reason: 'no_hire' };

  const connection = await getConnection(db, account.id);
  if (!connection || connection.status === 'disconnected') {
    return { ok: false, reason: 'not_connected' };
  }

  return { ok: true, connection, hire };
}
