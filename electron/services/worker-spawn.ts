import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker on a sibling module of `moduleUrl` (pass `import.meta.url`), whatever runs the code:
 * - from TypeScript sources (tsx, vitest): the worker boots tsx's ESM loader, then imports `<name>.ts`.
 *   `execArgv: ['--import', 'tsx']` does not work for worker threads on Node 20 (the worker's entry still fails
 *   with ERR_UNKNOWN_FILE_EXTENSION), so a tiny eval bootstrap registers tsx through its API instead;
 * - from a bundle (the Electron build): `<name>.js` next to the bundle, which the build must emit as an entry.
 */
export interface WorkerTarget {
  /** What `new Worker` receives: a file URL, or bootstrap source when `eval` is true. */
  entry: URL | string;
  eval: boolean;
}

export const resolveWorkerTarget = (moduleUrl: string, name: string): WorkerTarget => {
  if (!moduleUrl.endsWith('.ts')) return { entry: new URL(`./${name}.js`, moduleUrl), eval: false };
  const target = new URL(`./${name}.ts`, moduleUrl).href;
  // tsx's `./esm/api` export resolves to CJS under require(); its ESM build sits beside package.json.
  const tsxPackage = pathToFileURL(createRequire(moduleUrl).resolve('tsx/package.json'));
  const tsxApi = new URL('./dist/esm/api/index.mjs', tsxPackage).href;
  const source =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((api) => { api.register(); return import(${JSON.stringify(target)}); })` +
    `.catch((err) => { setImmediate(() => { throw err; }); });`;
  return { entry: source, eval: true };
};

export const spawnSiblingWorker = (moduleUrl: string, name: string, options: WorkerOptions = {}): Worker => {
  const target = resolveWorkerTarget(moduleUrl, name);
  return new Worker(target.entry, { ...options, eval: target.eval });
};
