import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Tests share two cores with the upstream simulator they start; keep them few at a time.
    maxWorkers: 2,
  },
});
