import { defineConfig } from 'vitest/config';

// End-to-end: the real web host under plain Node, driven in Debian's Chromium by playwright-core.
// One file at a time: two cores cannot run several Chromiums and hosts without flaking.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
