import { defineConfig } from 'vitest/config';

// One config, four projects: pure unit tests, the API suite on SQLite, the same
// API suite on a throwaway PostgreSQL the harness starts, and browser tests.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.unit.test.ts', 'bench/**/*.unit.test.ts'],
          environment: 'node',
          // pure tests, but property tests and the source scans take seconds on a loaded 2-core machine
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'api-sqlite',
          include: ['src/server/**/*.api.test.ts', 'src/cli/**/*.api.test.ts', 'test/**/*.api.test.ts'],
          env: { CANDOR_TEST_DB: 'sqlite' },
          globalSetup: ['test/global-sqlite.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'api-postgres',
          include: ['src/server/**/*.api.test.ts', 'src/cli/**/*.api.test.ts', 'test/**/*.api.test.ts', 'test/**/*.pg.test.ts'],
          env: { CANDOR_TEST_DB: 'postgres' },
          globalSetup: ['test/global-postgres.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
