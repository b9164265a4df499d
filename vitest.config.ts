import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds; Vite would pick the ESM one for our
    // sources while Node loads the CJS one for graphql-yoga, and `instanceof` checks break.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Bounds for a busy 2-core machine (a load test beside the suite): they only end a hung
    // test; no assertion depends on them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests share two cores with the upstream simulators they start; keep them few at a time.
    maxWorkers: 2,
  },
});
