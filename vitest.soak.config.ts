import { defineConfig } from 'vitest/config';

// `npm run test:soak`: the long variants of the flows in test/ (full kill -9 counts, million-record
// backlogs). One file at a time: they start real processes and measure memory, and two at once
// would only slow each other down on two cores. CI runs them after `npm test`, within its budget.
export default defineConfig({
  test: {
    include: ['test/soak/**/*.soak.test.ts'],
    exclude: ['**/node_modules/**'],
    // The hubs the flows start run from hub/dist/main.mjs, as installed (deploy/build-hub.ts).
    globalSetup: ['test/support/build-hub.global.ts'],
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
