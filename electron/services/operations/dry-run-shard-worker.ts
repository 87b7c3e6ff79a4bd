import { workerData } from 'node:worker_threads';
import { JOB_CACHE_KIB } from '../../db/open-database';
import { dryRunShare } from './dry-run';
import type { DryRunShardData } from './operation-context';
import { openOperationContext } from './operation-context';
import { listenForCancel, post, serveOperation } from './worker-main';

/** Worker entry: the second thread of a parallel dry run (dry-run.ts runParallelDryRun), reading only. */
const data = workerData as DryRunShardData;
const isCancelled = listenForCancel();
let done = 0;

await serveOperation(
  openOperationContext(data.dataDir, data.actor, { cacheKib: JOB_CACHE_KIB, ...(data.sandboxTimeoutMs === undefined ? {} : { sandboxTimeoutMs: data.sandboxTimeoutMs }) }),
  (ctx) =>
    dryRunShare(ctx, data.operationId, data.starts, data.next, {
      batchSize: data.batchSize,
      isCancelled,
      onBatch: (targets) => {
        done += targets;
        post({ type: 'progress', done, total: null });
      },
    }),
);
