import { parentPort, workerData } from 'node:worker_threads';
import { toWireError } from '../../../shared/errors';
import { JOB_CACHE_KIB } from '../../db/open-database';
import { asStoreError } from '../../db/store-errors';
import { logInternal } from '../app/internal-log';
import type { WorkerMessage } from '../jobs/run-worker';
import { dryRunShare } from './dry-run';
import type { DryRunShardData } from './operation-context';
import { openOperationContext } from './operation-context';

/** Worker entry: the second thread of a parallel dry run (bulk-engine.ts runParallelDryRun), reading only. */
const data = workerData as DryRunShardData;
let cancelled = false;
const post = (m: WorkerMessage) => parentPort?.postMessage(m);
parentPort?.on('message', (m: { type?: string }) => {
  if (m.type === 'cancel') cancelled = true;
});

const main = async (): Promise<void> => {
  const ctx = openOperationContext(data.dataDir, data.actor, { cacheKib: JOB_CACHE_KIB, ...(data.sandboxTimeoutMs === undefined ? {} : { sandboxTimeoutMs: data.sandboxTimeoutMs }) });
  let done = 0;
  try {
    const result = await dryRunShare(ctx, data.operationId, data.starts, data.next, {
      batchSize: data.batchSize,
      isCancelled: () => cancelled,
      onBatch: (targets) => {
        done += targets;
        post({ type: 'progress', done, total: null });
      },
    });
    post({ type: 'done', result });
  } catch (err) {
    post({ type: 'error', error: toWireError(asStoreError(err), logInternal) });
  } finally {
    ctx.close();
  }
  parentPort?.close();
};

await main();
