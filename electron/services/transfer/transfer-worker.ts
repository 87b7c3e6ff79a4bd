import { parentPort, workerData } from 'node:worker_threads';
import type { ExportRequest, ImportRequest } from '../../../shared/domain/transfer';
import { toWireError } from '../../../shared/errors';
import { asStoreError } from '../../db/store-errors';
import type { WorkerMessage } from '../jobs/run-worker';
import { runExport } from './export-job';
import { runImport } from './import-job';
import { logInternal } from '../app/internal-log';

/** Worker entry: one import or export with its own SQLite connection, off the host's event loop. */
export interface TransferWorkerData {
  kind: 'import' | 'export';
  dataDir: string;
  actor: string;
  request: ImportRequest | ExportRequest;
  /** The host's sandbox time limit, for import rows too big to validate inline. */
  sandboxTimeoutMs?: number;
}

const data = workerData as TransferWorkerData;
let cancelled = false;
const post = (m: WorkerMessage) => parentPort?.postMessage(m);
parentPort?.on('message', (m: { type?: string }) => {
  if (m.type === 'cancel') cancelled = true;
});

const progress = (done: number) => post({ type: 'progress', done, total: null });
const isCancelled = () => cancelled;

const main = async () => {
  try {
    const result =
      data.kind === 'import'
        ? await runImport({ dataDir: data.dataDir, request: data.request as ImportRequest, actor: data.actor, onProgress: progress, isCancelled, ...(data.sandboxTimeoutMs === undefined ? {} : { sandboxTimeoutMs: data.sandboxTimeoutMs }) })
        : await runExport({ dataDir: data.dataDir, request: data.request as ExportRequest, onProgress: progress, isCancelled });
    post({ type: 'done', result });
  } catch (err) {
    post({ type: 'error', error: toWireError(asStoreError(err), logInternal) });
  }
  parentPort?.close();
};

await main();
