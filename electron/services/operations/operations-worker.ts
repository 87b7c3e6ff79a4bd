import { workerData } from 'node:worker_threads';
import type { BulkPlanRequest, BulkPolicy } from '../../../shared/domain/operations';
import { planOperation, runApply } from './bulk-engine';
import { runDryRun } from './dry-run';
import { openOperationContext } from './operation-context';
import { runUndo } from './operation-undo';
import { listenForCancel, post, serveOperation } from './worker-main';

/** Worker entry: one phase of an operation (plan, dry run, apply, undo) with its own SQLite connection. */
export type OperationTask =
  | { task: 'plan'; request: BulkPlanRequest }
  | { task: 'dry-run' }
  | { task: 'apply'; policy?: BulkPolicy }
  | { task: 'undo'; undoId: string };

/** `sandboxTimeoutMs`: the host's sandbox time limit, for edited traits too big to validate inline. */
export type OperationWorkerData = OperationTask & { dataDir: string; actor: string; operationId: string; sandboxTimeoutMs?: number };

const data = workerData as OperationWorkerData;
const isCancelled = listenForCancel();
const run = { onProgress: (done: number, total: number) => post({ type: 'progress', done, total }), isCancelled };

await serveOperation(openOperationContext(data.dataDir, data.actor, data.sandboxTimeoutMs === undefined ? {} : { sandboxTimeoutMs: data.sandboxTimeoutMs }), async (ctx) => {
  if (data.task === 'plan') {
    const planned = planOperation(ctx, data.operationId, data.request);
    return data.request.dryRun === true ? await runDryRun(ctx, data.operationId, run) : planned;
  }
  if (data.task === 'dry-run') return await runDryRun(ctx, data.operationId, run);
  if (data.task === 'apply') return await runApply(ctx, data.operationId, data.policy, run);
  return await runUndo(ctx, data.undoId, data.operationId, run);
});
