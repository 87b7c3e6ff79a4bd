import { defineConfig } from 'vitest/config';

// Unit, contract, database and conformance suites. End-to-end tests have their own config
// (test/e2e/vitest.config.ts) because they need a built renderer and Chromium.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
