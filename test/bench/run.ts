// `npm run bench -- <suite> [--n N]`: each suite measures the raw operation and the app's path on
// the same deterministic data in one run and prints the ratio (design §10).
import { parseArgs } from 'node:util';

type Suite = (args: { n: number }) => Promise<void>;

const SUITES: Record<string, { defaultN: number; load: () => Promise<Suite> }> = {
  validation: { defaultN: 100_000, load: async () => (await import('./validation')).runValidationBench },
  store: { defaultN: 100_000, load: async () => (await import('./store')).runStoreBench },
  browser: { defaultN: 100_000, load: async () => (await import('./browser')).runBrowserBench },
  editor: { defaultN: 100_000, load: async () => (await import('./editor')).runEditorBench },
  stall: { defaultN: 20_000, load: async () => (await import('./stall')).runStallBench },
  emulator: { defaultN: 100_000, load: async () => (await import('./emulator')).runEmulatorBench },
  limits: { defaultN: 10_000, load: async () => (await import('./limits')).runLimitsBench },
  sync: { defaultN: 100_000, load: async () => (await import('./sync')).runSyncBench },
  bulk: { defaultN: 1_000_000, load: async () => (await import('./bulk')).runBulkBench },
};

const { values, positionals } = parseArgs({ options: { n: { type: 'string' } }, allowPositionals: true });
const names = positionals.length > 0 ? positionals : Object.keys(SUITES);
for (const name of names) {
  const suite = SUITES[name];
  if (!suite) {
    console.error(`Unknown bench "${name}". Suites: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
  const n = values.n ? Number(values.n) : suite.defaultN;
  if (!Number.isInteger(n) || n <= 0) {
    console.error('--n must be a positive whole number');
    process.exit(2);
  }
  console.log(`\n## bench ${name} (n=${n})`);
  await (
    await suite.load()
  )({ n });
}
