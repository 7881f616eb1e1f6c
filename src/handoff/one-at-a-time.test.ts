import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time.js';

describe('oneAtATime', () => {
  it('runs works of one key one after another, in order, failures included', async () => {
    const events: string[] = [];
    const work =
      (name: string, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await delay(5);
        events.push(`end ${name}`);
        if (fail) throw new Error(name);

        return name;
      };

    const results = await Promise.allSettled([
      oneAtATime('k', work('a')),
      oneAtATime('k', work('b', true)),
      oneAtATime('k', work('c')),
    ]);

    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('lets works of different keys overlap', async () => {
    const events: string[] = [];
    const work = (name: string) => async () => {
      events.push(`start ${name}`);
      await delay(5);
      events.push(`end ${name}`);
    };

    await Promise.all([oneAtATime('x', work('x')), oneAtATime('y', work('y'))]);

    expect(events.slice(0, 2)).toEqual(['start x', 'start y']);
  });
});
