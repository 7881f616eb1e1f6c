import { describe, expect, it } from 'vitest';
import { heldBy } from '../../test/signal-holds.js';
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

    expect(heldBy(shutdown.signal)).toEqual({ listeners: 0, set_entries: 0 });
  });

  it('no longer follows its sources once released', () => {
    const shutdown = new AbortController();
    const either = eitherSignal(new AbortController().signal, shutdown.signal);
    either.release();
    shutdown.abort();

    expect(either.signal.aborted).toBe(false);
  });
});
