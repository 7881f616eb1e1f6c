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
  /**
   * Begins the worker's head start for the kind (`HeadStart`) from what the caller knows, or
   * null when the worker has none. What the run does not take of it is dropped once the place
   * is settled: at its release, or once the run of its task has ended.
   */
  headStart(input: unknown): HeadStarted | null;
}

/**
 * Work a worker can begin for a task handed over to it, beside the caller's statement that queues
 * the task, from what the caller knows before the task exists (`input`): what the run would
 * otherwise do first, one round trip after another. The caller hands the result over with the
 * task; the handler checks it belongs to the task and takes what it uses. Null when the input is
 * not one it knows.
 */
export type HeadStart = (input: unknown) => HeadStarted | null;

/**
 * A head start begun for a place; `drop` undoes what its run did not take (and only that), and
 * never rejects. A stopping worker waits for it.
 */
export interface HeadStarted {
  drop(): Promise<void>;
}

/** A running worker loop as the hand-over sees it. */
export interface SlotSource {
  kinds: readonly string[];
  /** The database the worker runs against (`databaseOf`). */
  database: object;
  /** A held place for a task of `kind`, or null when the worker is full or stopping. */
  reserve(kind: string): WorkerSlot | null;
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
    const slot = source.reserve(kind);
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
