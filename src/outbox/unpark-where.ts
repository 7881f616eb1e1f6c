import { type Kysely, sql } from 'kysely';
import type { Database } from '../storage/schema.js';
import { notifyQueued } from './notify-queued.js';
import { wakeWorkers } from './wake.js';

/** Which parked tasks to resume; every given field must match, and at least one is required. */
export interface UnparkFilter {
  kind?: string;
  park_reason?: string;
  /** Matches dedup keys starting with this text (compared literally, no wildcards). */
  dedup_key_prefix?: string;
}

/** Resumes matching parked tasks so they run now; returns how many. */
export async function unparkWhere(db: Kysely<Database>, filter: UnparkFilter): Promise<number> {
  const { kind, park_reason, dedup_key_prefix: prefix } = filter;
  if (kind === undefined && park_reason === undefined && prefix === undefined) {
    throw new Error('unparkWhere needs a kind, a park_reason or a dedup_key_prefix');
  }

  const now = new Date().toISOString();
  const resumed = await db
    .updateTable('outbox_tasks')
    .set({ status: 'queued', park_reason: null, run_at: now, updated_at: now })
    .where('status', '=', 'parked')
    .$if(kind !== undefined, (qb) => qb.where('kind', '=', kind ?? ''))
    .$if(park_reason !== undefined, (qb) => qb.where('park_reason', '=', park_reason ?? ''))
    // substr rather than LIKE, so '%' and '_' in a key are plain characters on both engines.
    .$if(prefix !== undefined, (qb) =>
      qb.where(sql`substr(dedup_key, 1, ${prefix?.length ?? 0})`, '=', prefix ?? ''),
    )
    .returning('kind')
    .execute();
  // Called outside a transaction by its users; a wake before a commit would only cost a poll.
  for (const kind of new Set(resumed.map((row) => row.kind))) await notifyQueued(db, kind);
  if (resumed.length > 0) wakeWorkers();

  return resumed.length;
}
