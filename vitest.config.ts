import { defineConfig } from 'vitest/config';

// One project per kind of test; `npm test` runs them all, `npm run test:<kind>` one of them.
export default defineConfig({
  test: {
    // Tests never reach the real geocoder (shared/places/geocoder.ts): one that wants it starts a stub and
    // points GEOCODER_URL at it.
    env: { GEOCODER_URL: 'off' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          // A page's first use of a route is that function's cold start (each runs in its own instance, as
          // in Lambda: docs/LOCAL.md), well over expect.poll's 1 s default on a loaded machine.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
