import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // forks, not threads: sharp must not be unloaded from worker threads (sharp #2263, #3268)
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
