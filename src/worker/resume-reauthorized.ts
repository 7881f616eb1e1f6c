import { type Kysely, sql } from 'kysely';
import { reauthParkReason } from '../gusto-connection/errors.js';
import type { Logger } from '../logging/logger.js';
import { unparkWhere } from '../outbox/unpark-where.js';
import type { Database } from '../storage/schema.js';

const PREFIX = reauthParkReason('');

/**
 * Resumes hand-offs parked for reauthorization whose account's connection is active again.
 *
 * Reauthorize unparks its account's hand-offs itself, but a worker can record a park just after
 * that unpark ran (it met the revoked token before the new one was stored). Without this sweep
 * such a hire would wait forever; with it, it waits at most one sweep interval.
 */
export async function resumeReauthorizedHandoffs(db: Kysely<Database>): Promise<number> {
  const rows = await db
    .selectFrom('outbox_tasks')
    .innerJoin('gusto_connections', (join) =>
      join.on(
        sql`${PREFIX} || ${sql.ref('gusto_connections.account_id')}`,
        '=',
        sql.ref('outbox_tasks.park_reason'),
      ),
    )
    .select('outbox_tasks.park_reason')
    .distinct()
    .where('outbox_tasks.status', '=', 'parked')
    .where('gusto_connections.status', '=', 'active')
    .execute();
  let resumed = 0;
  for (const { park_reason } of rows) {
    if (park_reason) resumed += await unparkWhere(db, { park_reason });
  }

  return resumed;
}

/** Runs the sweep every `interval_ms` until `signal` aborts; failures are logged and retried. */
export function sweepReauthorizedHandoffs(
  db: Kysely<Database>,
  logger: Logger,
  { interval_ms, signal }: { interval_ms: number; signal: AbortSignal },
): void {
  const timer = setInterval(() => {
    resumeReauthorizedHandoffs(db).then(
      (resumed) => {
        if (resumed > 0) logger.info({ resumed }, 'resumed hand-offs after reauthorization');
      },
      (error: unknown) => logger.warn({ err: error }, 'could not sweep parked hand-offs'),
    );
  }, interval_ms);
  timer.unref();
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
