/**
 * The hand-off's states and the only moves between them. Every status change goes through
 * `transition`, so no code path can, say, take an added hire back to sending.
 */

/** Where a hand-off stands, as the profile shows it. */
export type HandoffStatus =
  /** Recorded and queued, or running: shown "Sending". */
  | 'queued'
  /** A create's outcome is unknown; the next attempt looks the person up: "Checking Gusto". */
  | 'checking'
  /** The Gusto grant needs Reauthorize; the task is parked until then. */
  | 'waiting_reauthorization'
  /** Gusto refused something the recruiter must correct, or retries ran out. */
  | 'needs_attention'
  /** Every step done: the person is in Gusto's onboarding. */
  | 'added';

/** Every status, for checks and tests. */
export const HANDOFF_STATUSES: readonly HandoffStatus[] = [
  'queued',
  'checking',
  'waiting_reauthorization',
  'needs_attention',
  'added',
];

/**
 * The allowed moves. A status may repeat (another attempt, still sending). `added` is final.
 * `needs_attention` leaves only by the recruiter's Resume, which queues the corrected form.
 */
export const TRANSITIONS: Readonly<Record<HandoffStatus, readonly HandoffStatus[]>> = {
  queued: ['queued', 'checking', 'waiting_reauthorization', 'needs_attention', 'added'],
  checking: ['checking', 'queued', 'waiting_reauthorization', 'needs_attention', 'added'],
  waiting_reauthorization: [
    'waiting_reauthorization',
    'queued',
    'checking',
    'needs_attention',
    'added',
  ],
  needs_attention: ['needs_attention', 'queued'],
  added: [],
};

/** A move the table does not allow; a bug or a race with another run, never shown to a user. */
export class InvalidTransitionError extends Error {
  override name = 'InvalidTransitionError';

  constructor(
    readonly from: HandoffStatus,
    readonly to: HandoffStatus,
  ) {
    super(`A hand-off cannot go from ${from} to ${to}`);
  }
}

/** Whether the table allows moving from `from` to `to`. */
export function canTransition(from: HandoffStatus, to: HandoffStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Returns `to` when the move is allowed; throws InvalidTransitionError otherwise. */
export function transition(from: HandoffStatus, to: HandoffStatus): HandoffStatus {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);

  return to;
}

/** Whether the hand-off is still on its way (a worker will act on it without a person). */
export function isInFlight(status: HandoffStatus): boolean {
  return status === 'queued' || status === 'checking' || status === 'waiting_reauthorization';
}

/** The status as the profile names it. */
export const STATUS_LABELS: Record<HandoffStatus, string> = {
  queued: 'Sending',
  checking: 'Checking Gusto',
  waiting_reauthorization: 'Waiting for reauthorization',
  needs_attention: 'Needs attention',
  added: 'Added',
};
