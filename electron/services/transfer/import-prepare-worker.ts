import { parentPort, workerData } from 'node:worker_threads';
import type { ImportRequest } from '../../../shared/domain/transfer';
import { toWireError } from '../../../shared/errors';
import { openStore } from '../../db/open-database';
import { createSchemaValidators } from '../identities/schema-validators';
import { createValidationEngine } from '../validation/index';
import type { PreparedBatch } from './import-prepare';
import { prepareBatches } from './import-prepare';

/** Worker entry: the reading and validating half of one import (import-job.ts is the writing half). */
export interface PrepareWorkerData {
  dataDir: string;
  request: ImportRequest;
  batchSize: number;
  /** Batches sent ahead of the writer's acknowledgements: bounds the memory of a fast reader. */
  ahead: number;
}

export type PrepareMessage = { type: 'batch'; batch: PreparedBatch } | { type: 'end' } | { type: 'error'; error: ReturnType<typeof toWireError> };

const data = workerData as PrepareWorkerData;
const port = parentPort;
if (!port) throw new Error('import-prepare-worker runs as a worker thread');

let credit = data.ahead;
let wake: (() => void) | null = null;
let stopped = false;
port.on('message', (m: { type?: string }) => {
  if (m.type === 'ack') credit++;
  if (m.type === 'stop') stopped = true;
  wake?.();
  wake = null;
});

const main = async () => {
  // A small cache: this connection only reads schemas and settings.
  const store = openStore(data.dataDir, { cacheKib: 8 * 1024 });
  try {
    const engine = createValidationEngine();
    const validators = createSchemaValidators(store.db, (schema) => engine.compile(schema));
    for await (const batch of prepareBatches(store.db, validators, data.request, data.batchSize)) {
      while (credit === 0 && !stopped) await new Promise<void>((resolve) => (wake = resolve));
      if (stopped) break;
      credit--;
      port.postMessage({ type: 'batch', batch } satisfies PrepareMessage);
    }
    port.postMessage({ type: 'end' } satisfies PrepareMessage);
  } catch (err) {
    port.postMessage({ type: 'error', error: toWireError(err, (e) => console.error(e)) } satisfies PrepareMessage);
  } finally {
    store.db.close();
    port.close();
  }
};

await main();
