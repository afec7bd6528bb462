import { defineConfig } from 'vitest/config';

// Node-side tests: pure domain logic, the simulated tenant, helpers.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/m365-sim/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
