import { defineConfig } from 'vitest/config';

// Unit tests sit beside their code (x.ts / x.test.ts); cross-component flows live in test/.
export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    // test/soak/: the long variants (npm run test:soak, vitest.soak.config.ts).
    exclude: ['**/node_modules/**', 'kiosk/dist/**', 'staff-app/dist/**', 'data/**', 'test/soak/**'],
    // The hubs the flows start run from hub/dist/main.mjs, as installed (deploy/build-hub.ts).
    globalSetup: ['test/support/build-hub.global.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two cores here and in CI: the flows start real processes, more workers only contend.
    maxWorkers: 2,
  },
});
