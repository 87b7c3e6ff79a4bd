// Child process for crash-safety.test.ts: imports a file in committed batches until it is killed.
import { runImport } from '../../electron/services/transfer/import-job';

const [dataDir, file] = process.argv.slice(2);
if (!dataDir || !file) throw new Error('usage: crash-child DATA_DIR FILE');
process.stdout.write('started\n');
await runImport({ dataDir, request: { file, skipInvalid: true }, actor: 'crash-test', batchSize: 1000 });
process.stdout.write('finished\n');
