import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** The tests that hold the GraphQL contract, run once per API version. */
const CONTRACT_SUITE = [
  'test/seed-query.test.ts',
  'test/session-graph.test.ts',
  'test/sign-in.test.ts',
  'test/token-isolation.test.ts',
  'test/upstream-errors.test.ts',
];

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds; Vite would pick the ESM one for our
    // sources while Node loads the CJS one for graphql-yoga, and `instanceof` checks break.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    globalSetup: ['test/global-setup.ts'],
    // Bounds for a busy 2-core machine (a load test beside the suite): they only end a hung
    // test; no assertion depends on them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests share two cores with the upstream simulators they start; keep them few at a time.
    maxWorkers: 2,
    projects: [
      // Every test, against API v5 where a test does not choose a version itself.
      { extends: true as const, test: { name: 'all', include: ['test/**/*.test.ts'], exclude: ['test/scale-out/**'] } },
      // The contract suite again against each newer API version: same GraphQL answers.
      ...(['v6', 'v7', 'v8'] as const).map((version) => ({
        extends: true as const,
        test: { name: version, include: CONTRACT_SUITE, env: { TEST_API_VERSION: version } },
      })),
      // Redis, nginx, the simulator and two facade processes: alone, after every other project,
      // so its load neither slows the others nor is slowed by them on a 2-core machine.
      {
        extends: true as const,
        test: { name: 'scale-out', include: ['test/scale-out/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
