import { afterEach, describe, expect, it } from 'vitest';
import { startTimedSandbox, type TimedSandbox } from './timed-sandbox.js';

let sandbox: TimedSandbox | null = null;

afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

describe('timed sandbox', () => {
  it('holds a Gusto API answer for answer_ms inside the time it counts', async () => {
    sandbox = await startTimedSandbox({}, { answer_ms: 40 });
    const response = await fetch(new URL('/v1/token_info', sandbox.url));
    await response.arrayBuffer();

    const [call] = sandbox.calls;
    expect(call?.path).toBe('/v1/token_info');
    // A timer never fires more than a millisecond early: the hold is in the timed span.
    expect((call?.ended ?? 0) - (call?.started ?? 0)).toBeGreaterThanOrEqual(39);
  });

  it('does not count the control API as calls', async () => {
    sandbox = await startTimedSandbox({}, { answer_ms: 40 });
    await (await fetch(new URL('/__sandbox/requests', sandbox.url))).arrayBuffer();

    expect(sandbox.calls).toEqual([]);
  });
});
