import { parentPort, workerData } from 'node:worker_threads';
import type { PullReport, PushReport, SyncReport } from '../../../shared/domain/sync';
import { toWireError } from '../../../shared/errors';
import { openStore } from '../../db/open-database';
import { asStoreError } from '../../db/store-errors';
import { logInternal } from '../app/internal-log';
import { createSchemaValidators } from '../identities/schema-validators';
import type { SchemaValidators } from '../identities/schema-validators';
import type { WorkerMessage } from '../jobs/run-worker';
import { gateTraits } from '../identities/write-limits';
import { createValidationEngine } from '../validation/index';
import { createSandboxedValidator } from '../validation/sandbox';
import { createAdminClient } from './admin-client';
import { runPull } from './pull';
import { runPush } from './push';
import type { Remote } from './remotes';

/**
 * Worker entry of a pull, a push or both, with its own SQLite connection so the host's event loop never
 * waits on a page. The key arrives in workerData (memory only) and goes nowhere but the remote's origin.
 */
export interface SyncWorkerData {
  direction: 'pull' | 'push' | 'sync';
  dataDir: string;
  actor: string;
  remote: Remote;
  key: string | undefined;
  /** The pull's schema report, done by the host before the worker starts. */
  schemas: PullReport['schemas'];
  /** A push of a selection: only these identities' entries. */
  only?: string[];
}

const data = workerData as SyncWorkerData;
let cancelled = false;
const controller = new AbortController();
const post = (m: WorkerMessage) => parentPort?.postMessage(m);
parentPort?.on('message', (m: { type?: string }) => {
  if (m.type !== 'cancel') return;
  cancelled = true;
  controller.abort();
});

const main = async () => {
  const store = openStore(data.dataDir);
  try {
    const client = createAdminClient({
      url: data.remote.url,
      kind: data.remote.kind,
      key: () => data.key,
      signal: controller.signal,
      onWait: (ms, why) => post({ type: 'progress', done: -1, total: null, message: `waiting ${Math.ceil(ms / 1000)} s (${why})` }),
    });
    let validators: SchemaValidators | undefined;
    const lazyValidators = () => {
      if (validators === undefined) {
        const engine = createValidationEngine();
        validators = createSchemaValidators(store.db, (s) => engine.compile(s));
      }
      return validators;
    };
    const common = { db: store.db, client, remote: data.remote, actor: data.actor, validators: lazyValidators, isCancelled: () => cancelled };
    let pull: PullReport | undefined;
    if (data.direction !== 'push') {
      // Remote traits too big to validate inline go through the sandbox under its time limit, as imports do.
      const sandbox = createSandboxedValidator();
      try {
        const report = await runPull({
          ...common,
          gate: (schemaText, traits, profile) => gateTraits(sandbox, schemaText, traits, profile),
          onProgress: (seen, message) => post({ type: 'progress', done: seen, total: null, message: `pull: ${message}` }),
        });
        pull = { ...report, schemas: data.schemas };
      } finally {
        await sandbox.close();
      }
    }
    let push: PushReport | undefined;
    if (data.direction !== 'pull') {
      push = await runPush({ ...common, ...(data.only ? { only: data.only } : {}), onProgress: (done, total) => post({ type: 'progress', done, total, message: 'push' }) });
    }
    const result: PullReport | PushReport | SyncReport = data.direction === 'pull' ? (pull as PullReport) : data.direction === 'push' ? (push as PushReport) : { pull: pull as PullReport, push: push as PushReport };
    post({ type: 'done', result });
  } catch (err) {
    post({ type: 'error', error: toWireError(asStoreError(err), logInternal) });
  } finally {
    store.db.close();
  }
  parentPort?.close();
};

await main();
