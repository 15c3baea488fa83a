import { defineConfig } from 'vitest/config';

// Unit tests sit beside their code (x.ts / x.test.ts); cross-component flows live in test/.
export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['**/node_modules/**', 'kiosk/dist/**', 'data/**'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two cores here and in CI: the flows start real processes, more workers only contend.
    maxWorkers: 2,
  },
});
