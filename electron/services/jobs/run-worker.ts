import type { WireError } from '../../../shared/errors';
import { AppError, isWireError } from '../../../shared/errors';
import { spawnSiblingWorker } from '../worker-spawn';

/** Messages a job worker posts to its host. */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number | null; message?: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: WireError };

const CANCEL_GRACE_MS = 10_000;

/**
 * Runs a job module in a worker thread with its own SQLite connection, so the host's event loop
 * never waits on parsing, validation or inserts. TypeScript workers load through tsx. `T` is what
 * the worker module posts as its result (our own code on the other side of the thread).
 */
export const runWorker = <T>(
  callerUrl: string,
  name: string,
  workerData: unknown,
  options: { signal: AbortSignal; onProgress: (done: number, total: number | null, message?: string) => void },
): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    if (options.signal.aborted) return reject(new AppError('CANCELLED', 'The job was cancelled.'));
    const worker = spawnSiblingWorker(callerUrl, name, { workerData });
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
      else if (m.type === 'done') finish(() => resolve(m.result as T));
      else finish(() => reject(isWireError(m.error) ? new AppError(m.error.code, m.error.message, m.error.details) : new AppError('INTERNAL', 'The job failed.')));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) =>
      finish(() => reject(options.signal.aborted ? new AppError('CANCELLED', 'The job was cancelled.') : new AppError('INTERNAL', `The job stopped unexpectedly (exit ${code}).`))),
    );
  });
