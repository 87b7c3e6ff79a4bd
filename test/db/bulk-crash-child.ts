// Child process for bulk-crash-safety.test.ts: applies a planned bulk edit in committed batches until it is killed.
import { runApply } from '../../electron/services/operations/bulk-engine';
import { openOperationContext } from '../../electron/services/operations/operation-context';

const [dataDir, operationId, batch] = process.argv.slice(2);
if (!dataDir || !operationId) throw new Error('usage: bulk-crash-child DATA_DIR OPERATION_ID [BATCH]');
const ctx = openOperationContext(dataDir, 'crash-test');
process.stdout.write('started\n');
// Each committed batch is announced, so the test aims its kill at a point of the apply, not at a time.
await runApply(ctx, operationId, undefined, { batchSize: Number(batch ?? 250), onProgress: (done) => process.stdout.write(`committed ${done}\n`) });
ctx.close();
process.stdout.write('finished\n');
