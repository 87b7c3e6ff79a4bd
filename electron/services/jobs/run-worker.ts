import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WireError } from '../../../shared/errors';
import { AppError, isWireError } from '../../../shared/errors';

/** Messages a job worker posts to its host. */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number | null; message?: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: WireError };

const CANCEL_GRACE_MS = 10_000;

/**
 * The worker for a sibling module `name` of `callerUrl`. From a bundle: `<name>.js`. From TypeScript
 * sources (tsx, vitest): `execArgv: ['--import', 'tsx']` does not reach worker threads on Node 20
 * (ERR_UNKNOWN_FILE_EXTENSION), so a one-line eval bootstrap registers tsx's loader, then imports `<name>.ts`.
 */
const spawn = (callerUrl: string, name: string, workerData: unknown): Worker => {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData });
  const target = new URL(`./${name}.ts`, callerUrl).href;
  const tsxApi = new URL('./dist/esm/api/index.mjs', pathToFileURL(createRequire(callerUrl).resolve('tsx/package.json'))).href;
  const source =
    `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(target)}); })` +
    '.catch((err) => { setImmediate(() => { throw err; }); });';
  return new Worker(source, { eval: true, workerData });
};

/**
 * Runs a job module in a worker thread with its own SQLite connection, so the host's event loop
 * never waits on parsing, validation or inserts. TypeScript workers load through tsx.
 */
export const runWorker = (
  callerUrl: string,
  name: string,
  workerData: unknown,
  options: { signal: AbortSignal; onProgress: (done: number, total: number | null, message?: string) => void },
): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const worker = spawn(callerUrl, name, workerData);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', onAbort);
      fn();
    };
    // Ask first (the worker rolls back or stops between batches), terminate if it does not listen.
    const onAbort = () => {
      worker.postMessage({ type: 'cancel' });
      setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS).unref();
    };
    options.signal.addEventListener('abort', onAbort);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') options.onProgress(m.done, m.total, m.message);
      else if (m.type === 'done') finish(() => resolve(m.result));
      else finish(() => reject(isWireError(m.error) ? new AppError(m.error.code, m.error.message, m.error.details) : new AppError('INTERNAL', 'The job failed.')));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) =>
      finish(() => reject(options.signal.aborted ? new AppError('CANCELLED', 'The job was cancelled.') : new AppError('INTERNAL', `The job stopped unexpectedly (exit ${code}).`))),
    );
  });
