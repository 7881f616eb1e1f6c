import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { ClaimedTask } from './task.js';

/** Who a task is claimed for by the statement that queues it (see `EnqueueSpec.claimed_by`). */
export interface TaskClaim {
  worker_id: string;
  lock_ms: number;
}

/**
 * A free place in one of this process's running workers, held while the task it will run is
 * written. The task is written already claimed for `claim`, so no claim statement stands between
 * the click that queued it and its run; `run` or `release`, exactly one, must follow.
 */
export interface WorkerSlot {
  readonly claim: TaskClaim;
  /**
   * Runs the task the caller's statement queued claimed for this slot. `handedOver` is whatever
   * the caller already read that the handler would read again; the handler gets it as
   * `TaskContext.handedOver` and must check it belongs to the task.
   */
  run(task: ClaimedTask, handedOver?: unknown): void;
  /** Gives the place back unused: the task was not written, or was written by someone else. */
  release(): void;
}

/** A running worker loop as the hand-over sees it. */
export interface SlotSource {
  kinds: readonly string[];
  /** The database the worker runs against (`databaseOf`). */
  database: object;
  /** A held place, or null when the worker is full or stopping. */
  reserve(): WorkerSlot | null;
}

const sources = new Set<SlotSource>();

/**
 * A place in a worker of this process that runs `kind` against the database of `db`, or null
 * when none has one free (or none runs here: a web process whose workers are separate processes).
 * The caller then queues the task as usual, and a worker claims it.
 */
export function reserveWorkerSlot(kind: string, db: Kysely<Database>): WorkerSlot | null {
  const database = databaseOf(db);
  for (const source of sources) {
    if (source.database !== database || !source.kinds.includes(kind)) continue;
    const slot = source.reserve();
    if (slot) return slot;
  }
  return null;
}

/**
 * What tells databases apart: the adapter Kysely made for the database when it was opened, which
 * every handle on it shares, with plugins or inside a transaction. A task written in one database
 * must not be handed to a worker of another: it would run there and leave its own row claimed.
 */
export function databaseOf(db: Kysely<Database>): object {
  return db.getExecutor().adapter;
}

/** Offers a worker loop's places to `reserveWorkerSlot` until the returned function is called. */
export function offerSlots(source: SlotSource): () => void {
  sources.add(source);

  return () => {
    sources.delete(source);
  };
}
