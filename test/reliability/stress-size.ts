/**
 * Picks a test's size: the full one under `npm run test:stress` (STRESS=full), the small one in
 * `npm test`, so the suite stays quick while the full run proves the claims at scale.
 */
export function stressSize<T>(sizes: { ci: T; full: T }): T {
  return process.env.STRESS === 'full' ? sizes.full : sizes.ci;
}

/** Whether this is the full-size run. */
export const isFullStress = process.env.STRESS === 'full';
