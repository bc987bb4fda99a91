import { defineConfig } from 'vitest/config';

/**
 * One vitest run counts every test (issue 2 §10): pure unit tests, integration tests on real PostgreSQL
 * and the S3 server, static checks (typecheck, lint) and browser e2e in Chromium.
 * `scripts/test.sh` provides PostgreSQL, s3rver and chromium, then runs this.
 */
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: [
            'packages/*/src/**/*.int.test.ts',
            'apps/*/src/**/*.int.test.ts',
            'tests/scenarios/**/*.test.ts',
            'tests/faults/**/*.test.ts',
          ],
          globalSetup: ['packages/testing/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'static',
          environment: 'node',
          include: ['tests/static/**/*.test.ts'],
          testTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          // The browser tests run after the other projects, not beside them: on two cores, Chromium and
          // three servers competing with the integration files made timeouts flaky.
          sequence: { groupOrder: 1 },
          include: ['tests/e2e/**/*.e2e.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      // Benchmarks run only through `npm run bench` (EBID_BENCH=1), never as part of `npm test`.
      ...(process.env.EBID_BENCH === '1'
        ? [
            {
              test: {
                name: 'bench',
                environment: 'node',
                include: ['tests/bench/**/*.bench.test.ts'],
                globalSetup: ['packages/testing/src/global-setup.ts'],
                testTimeout: 900_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
    ],
  },
});
