// Child process for crash-safety.test.ts: imports a file in committed batches until it is killed.
import { runImport } from '../../electron/services/transfer/import-job';

const [dataDir, file] = process.argv.slice(2);
if (!dataDir || !file) throw new Error('usage: crash-child DATA_DIR FILE [BATCH]');
process.stdout.write('started\n');
// Each committed batch is announced, so the test can aim its kill at a point of the import, not at a time.
await runImport({ dataDir, request: { file, skipInvalid: true }, actor: 'crash-test', batchSize: Number(process.argv[4] ?? 1000), onProgress: (done) => process.stdout.write(`committed ${done}\n`) });
process.stdout.write('finished\n');
