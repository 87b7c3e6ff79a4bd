import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { StoreCheckRequest } from '../../../shared/domain/migration';
import { toWireError } from '../../../shared/errors';
import { asStoreError } from '../../db/store-errors';
import type { WorkerMessage } from '../jobs/run-worker';
import { runStoreCheck } from './store-check';
import { logInternal } from '../app/internal-log';

/** Worker entry: one store check with its own SQLite connection, off the host's event loop. */
export interface MigrationWorkerData {
  dataDir: string;
  request: StoreCheckRequest;
}

const data = workerData as MigrationWorkerData;
const post = (m: WorkerMessage) => parentPort?.postMessage(m);

/** The check is one synchronous loop that never yields to 'message' events, so it polls the port. */
const cancelRequested = (): boolean => {
  if (!parentPort) return false;
  for (let m = receiveMessageOnPort(parentPort); m !== undefined; m = receiveMessageOnPort(parentPort)) {
    if ((m.message as { type?: unknown } | null)?.type === 'cancel') return true;
  }
  return false;
};

try {
  const result = runStoreCheck({
    dataDir: data.dataDir,
    request: data.request,
    onProgress: (done, total) => post({ type: 'progress', done, total }),
    isCancelled: cancelRequested,
  });
  post({ type: 'done', result });
} catch (err) {
  post({ type: 'error', error: toWireError(asStoreError(err), logInternal) });
}
parentPort?.close();
