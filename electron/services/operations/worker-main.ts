import { parentPort } from 'node:worker_threads';
import { toWireError } from '../../../shared/errors';
import { asStoreError } from '../../db/store-errors';
import { logInternal } from '../app/internal-log';
import type { WorkerMessage } from '../jobs/run-worker';
import type { OperationContext } from './operation-context';

/** What the operations' worker threads tell their host (run-worker.ts listens). */
export const post = (m: WorkerMessage): void => parentPort?.postMessage(m);

/** Whether the host asked this worker to stop (run-worker.ts posts `cancel` first, and terminates later). */
export const listenForCancel = (): (() => boolean) => {
  let cancelled = false;
  parentPort?.on('message', (m: { type?: string }) => {
    if (m.type === 'cancel') cancelled = true;
  });
  return () => cancelled;
};

/** The body of an operation's worker thread: the work's result or its error to the host, the connection closed either way. */
export const serveOperation = async (ctx: OperationContext, work: (ctx: OperationContext) => Promise<unknown>): Promise<void> => {
  try {
    post({ type: 'done', result: await work(ctx) });
  } catch (err) {
    post({ type: 'error', error: toWireError(asStoreError(err), logInternal) });
  } finally {
    ctx.close();
  }
  parentPort?.close();
};
