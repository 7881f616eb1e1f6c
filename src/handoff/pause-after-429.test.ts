import { describe, expect, it } from 'vitest';
import { GustoRateLimitedError } from '../gusto-client/errors.js';
import { pauseAfter429 } from './handoff-task-handler.js';

const POST = { method: 'POST', path: '/v1/companies/{company_id}/employees', requestId: null };
const limited = (retryAfterSeconds: number | null) =>
  new GustoRateLimitedError({ ...POST, status: 429, retryAfterSeconds });

describe('pauseAfter429', () => {
  it("waits Gusto's Retry-After, or a minute without one", () => {
    expect(pauseAfter429(limited(30))).toBe(30);
    expect(pauseAfter429(limited(null))).toBe(60);
  });

  it('never holds every hand-off of an account longer than 15 minutes', () => {
    // A day-long Retry-After would stall a hiring wave for a day.
    expect(pauseAfter429(limited(86_400))).toBe(900);
  });
});
