import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { eitherSignal } from './either-signal.js';

describe('eitherSignal', () => {
  it('aborts with the reason of whichever source aborts first', () => {
    const lost = new AbortController();
    const shutdown = new AbortController();
    const either = eitherSignal(lost.signal, shutdown.signal);
    expect(either.signal.aborted).toBe(false);

    shutdown.abort(new Error('shutting down'));
    lost.abort(new Error('lock lost'));
    expect(either.signal.aborted).toBe(true);
    expect(either.signal.reason).toEqual(new Error('shutting down'));
  });

  it('starts aborted when a source already is', () => {
    const lost = new AbortController();
    lost.abort(new Error('lock lost'));
    const either = eitherSignal(lost.signal, new AbortController().signal);

    expect(either.signal.reason).toEqual(new Error('lock lost'));
  });

  it('leaves nothing on a long-lived source once released', () => {
    const shutdown = new AbortController();
    for (let run = 0; run < 1_000; run++) {
      const either = eitherSignal(new AbortController().signal, shutdown.signal);
      either.release();
    }

    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
    // Nor what `AbortSignal.any` keeps on Node 20: a set, held under a symbol, of one entry per
    // signal ever combined with this one.
    const sizes = Object.getOwnPropertySymbols(shutdown.signal)
      .map((symbol) => (shutdown.signal as unknown as Record<symbol, unknown>)[symbol])
      .filter((value) => typeof value === 'object' && value !== null && 'size' in value)
      .map((set) => (set as { size: number }).size);
    expect(sizes.every((size) => size === 0)).toBe(true);
  });

  it('no longer follows its sources once released', () => {
    const shutdown = new AbortController();
    const either = eitherSignal(new AbortController().signal, shutdown.signal);
    either.release();
    shutdown.abort();

    expect(either.signal.aborted).toBe(false);
  });
});
