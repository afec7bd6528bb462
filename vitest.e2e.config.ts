import { defineConfig } from 'vitest/config';

// Browser tests: one local stack for all specs, real Chromium, run one file at a time so
// the single local Worker is not the bottleneck of parallel browsers on small machines.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.spec.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
