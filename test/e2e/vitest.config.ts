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
    // A step waits for the state the user would see, however long a loaded machine takes to get there: the
    // 1-second default made "No problems" fail while the page still said "checking…". Polls end as soon as the
    // state holds; only a state that never comes runs into this limit.
    expect: { poll: { timeout: 30_000, interval: 50 } },
    pool: 'forks',
  },
});
