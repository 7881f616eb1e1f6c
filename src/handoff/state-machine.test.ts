import { describe, expect, it } from 'vitest';
import {
  canTransition,
  HANDOFF_STATUSES,
  InvalidTransitionError,
  TRANSITIONS,
  transition,
} from './state-machine.js';

describe('the hand-off state machine', () => {
  const allowed = new Set(
    Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`)),
  );
  const pairs = HANDOFF_STATUSES.flatMap((from) =>
    HANDOFF_STATUSES.map((to) => [from, to] as const),
  );

  it.each(pairs)('%s → %s follows the table', (from, to) => {
    if (allowed.has(`${from}>${to}`)) {
      expect(transition(from, to)).toBe(to);
    } else {
      expect(() => transition(from, to)).toThrow(InvalidTransitionError);
    }
  });

  it('never leaves added', () => {
    expect(HANDOFF_STATUSES.some((to) => canTransition('added', to))).toBe(false);
  });

  it('leaves needs attention only by a resume that queues again', () => {
    expect(TRANSITIONS.needs_attention).toEqual(['needs_attention', 'queued']);
    expect(canTransition('needs_attention', 'added')).toBe(false);
  });

  it('lets an unknown outcome resolve to added or back to sending', () => {
    expect(canTransition('checking', 'added')).toBe(true);
    expect(canTransition('checking', 'queued')).toBe(true);
  });
});
