import { parentPort, workerData } from 'node:worker_threads';
import type { BulkPlanRequest, BulkPolicy, OperationRecord } from '../../../shared/domain/operations';
import { toWireError } from '../../../shared/errors';
import { asStoreError } from '../../db/store-errors';
import { logInternal } from '../app/internal-log';
import type { WorkerMessage } from '../jobs/run-worker';
import { planOperation, runApply } from './bulk-engine';
import { runDryRun } from './dry-run';
import { openOperationContext } from './operation-context';
import { runUndo } from './operation-undo';

/** Worker entry: one phase of an operation (plan, dry run, apply, undo) with its own SQLite connection. */
export type OperationTask =
  | { task: 'plan'; request: BulkPlanRequest }
  | { task: 'dry-run' }
  | { task: 'apply'; policy?: BulkPolicy }
  | { task: 'undo'; undoId: string };

/** `sandboxTimeoutMs`: the host's sandbox time limit, for edited traits too big to validate inline. */
export type OperationWorkerData = OperationTask & { dataDir: string; actor: string; operationId: string; sandboxTimeoutMs?: number };

const data = workerData as OperationWorkerData;
let cancelled = false;
const post = (m: WorkerMessage) => parentPort?.postMessage(m);
parentPort?.on('message', (m: { type?: string }) => {
  if (m.type === 'cancel') cancelled = true;
});
const run = { onProgress: (done: number, total: number) => post({ type: 'progress', done, total }), isCancelled: () => cancelled };

const main = async (): Promise<void> => {
  const ctx = openOperationContext(data.dataDir, data.actor, data.sandboxTimeoutMs === undefined ? {} : { sandboxTimeoutMs: data.sandboxTimeoutMs });
  try {
    let result: OperationRecord;
    if (data.task === 'plan') {
      result = planOperation(ctx, data.operationId, data.request);
      if (data.request.dryRun === true) result = await runDryRun(ctx, data.operationId, run);
    } else if (data.task === 'dry-run') result = await runDryRun(ctx, data.operationId, run);
    else if (data.task === 'apply') result = await runApply(ctx, data.operationId, data.policy, run);
    else result = await runUndo(ctx, data.undoId, data.operationId, run);
    post({ type: 'done', result });
  } catch (err) {
    post({ type: 'error', error: toWireError(asStoreError(err), logInternal) });
  } finally {
    ctx.close();
  }
  parentPort?.close();
};

await main();
