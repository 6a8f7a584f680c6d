import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // forks, not threads: sharp must not be unloaded from worker threads (sharp #2263, #3268)
    pool: 'forks',
    // most files wait on child processes and disk: two at once even on 2 cores (measured: 482 s → 344 s)
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
