// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS, as sandboxed
// preloads must be) into .out/electron, with the store migrations beside the bundle.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}.out/electron`;
mkdirSync(out, { recursive: true });

// esbuild's ESM output has no `require`; better-sqlite3 and friends are CommonJS.
const REQUIRE_BANNER = { js: "import { createRequire as __idCreateRequire } from 'node:module'; const require = __idCreateRequire(import.meta.url);" };

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3'],
};

// Worker threads are separate entries beside main.mjs: services spawn `./<name>.js` from a bundle.
const WORKERS = {
  'sandbox-worker': `${root}electron/services/validation/sandbox-worker.ts`,
  'transfer-worker': `${root}electron/services/transfer/transfer-worker.ts`,
  'migration-worker': `${root}electron/services/migration/migration-worker.ts`,
  'integrity-worker': `${root}electron/services/app/integrity-worker.ts`,
  'operations-worker': `${root}electron/services/operations/operations-worker.ts`,
  'dry-run-shard-worker': `${root}electron/services/operations/dry-run-shard-worker.ts`,
  'sync-worker': `${root}electron/services/sync/sync-worker.ts`,
};

await build({
  ...common,
  entryPoints: { main: `${root}electron/main.ts` },
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  outdir: out,
  banner: REQUIRE_BANNER,
});
await build({ ...common, entryPoints: WORKERS, format: 'esm', outdir: out, banner: REQUIRE_BANNER });
await build({
  ...common,
  entryPoints: { preload: `${root}electron/preload.ts` },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  outdir: out,
});
cpSync(`${root}electron/db/migrations`, `${out}/migrations`, { recursive: true });
console.log(`Built .out/electron (main.mjs, preload.cjs, ${Object.keys(WORKERS).join('.js, ')}.js, migrations/)`);
