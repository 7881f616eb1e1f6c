import { defineConfig } from 'vitest/config';

/**
 * `npm run test:stress`: the reliability tests at full size (STRESS=full), one file at a time so
 * the figures are not skewed by other tests sharing the machine.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
