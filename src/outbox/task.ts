import type { OutboxTaskRow } from './tables.js';

export type { TaskStatus } from './tables.js';

/** A task as the outbox hands it out: the stored row with its payload parsed. */
export interface OutboxTask extends Omit<OutboxTaskRow, 'payload'> {
  payload: unknown;
}

/** What a claim returns: a running task with the lock that proves who owns it. */
export interface ClaimedTask extends OutboxTask {
  status: 'running';
  locked_by: string;
  lock_token: string;
  locked_until: string;
}

/** The part of a claimed task that proves ownership for a state change. */
export type TaskLock = Pick<ClaimedTask, 'id' | 'locked_by' | 'lock_token'>;

/** Parses a stored row; the payload was written by `enqueue` as JSON, so it parses. */
export function toTask(row: OutboxTaskRow): OutboxTask {
  return { ...row, payload: JSON.parse(row.payload) as unknown };
}

/** The current instant as stored: ISO-8601 UTC text, which sorts like the instant. */
export function isoNow(now: Date = new Date()): string {
  return now.toISOString();
}
