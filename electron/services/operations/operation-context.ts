import type { Db } from '../../db/open-database';
import { openStore } from '../../db/open-database';
import { runWorker } from '../jobs/run-worker';
import type { AuditService } from '../audit/audit-service';
import { createAuditService } from '../audit/audit-service';
import { createEventBus } from '../events/event-bus';
import type { IdentityService } from '../identities/identity-service';
import { createIdentityService } from '../identities/identity-service';
import { createSchemaValidators } from '../identities/schema-validators';
import type { SearchService } from '../search/search-service';
import { createSearchService } from '../search/search-service';
import { createValidationEngine } from '../validation/index';
import { createSandboxedValidator } from '../validation/sandbox';
import { gateTraits } from '../identities/write-limits';
import type { OperationsStore } from './operations-store';
import { createOperationsStore } from './operations-store';
import type { DryRunTally } from './dry-run';

/** What an operation's worker (or a crash-test child) works with: its own connection and the same services as the host. */
export interface OperationContext {
  db: Db;
  identities: IdentityService;
  audit: AuditService;
  search: SearchService;
  operations: OperationsStore;
  actor: string;
  /**
   * Resolves when an edited document's traits may be validated inline; rejects with LIMIT_EXCEEDED when they are over
   * a bound or their validation in the sandbox runs out of time (gateTraits, as the API's writes are gated).
   */
  gateTraits(schemaId: string, traits: unknown): Promise<void>;
  /**
   * Starts the second thread of a parallel dry run (dry-run-shard-worker.ts) on its own connection; resolves with its
   * tally, or null when it met a target that needs the operation's claims. `onProgress` gets its targets done.
   */
  startDryRunShard(task: DryRunShardTask, signal: AbortSignal, onProgress: (done: number) => void): Promise<DryRunTally | null>;
  close(): void;
}

/** The share of a parallel dry run the shard worker takes: batches starting at `starts`, claimed through `next`. */
export interface DryRunShardTask {
  operationId: string;
  starts: readonly number[];
  /** One Int32 on a SharedArrayBuffer: the index of the next batch to take, for both threads. */
  next: Int32Array;
  batchSize: number;
}

export type DryRunShardData = DryRunShardTask & { dataDir: string; actor: string; sandboxTimeoutMs?: number };

export const openOperationContext = (dataDir: string, actor: string, options: { sandboxTimeoutMs?: number; cacheKib?: number } = {}): OperationContext => {
  const { db } = openStore(dataDir, options.cacheKib === undefined ? {} : { cacheKib: options.cacheKib });
  // Started on first use: only an edit whose result is too big to validate inline needs it.
  const sandbox = createSandboxedValidator(options.sandboxTimeoutMs === undefined ? {} : { timeoutMs: options.sandboxTimeoutMs });
  const engine = createValidationEngine();
  const validators = createSchemaValidators(db, (schema) => engine.compile(schema));
  // Per-identity events have no listener here: the host announces the job's end once.
  const identities = createIdentityService({ db, events: createEventBus(), validators, actor: () => actor });
  return {
    db,
    identities,
    audit: createAuditService({ db, identities }),
    search: createSearchService({ db }),
    operations: createOperationsStore(db),
    actor,
    gateTraits: (schemaId, traits) => gateTraits(sandbox, validators.body(schemaId), traits, identities.profile()),
    startDryRunShard: (task, signal, onProgress) => {
      const data: DryRunShardData = { ...task, dataDir, actor, ...(options.sandboxTimeoutMs === undefined ? {} : { sandboxTimeoutMs: options.sandboxTimeoutMs }) };
      return runWorker<DryRunTally | null>(import.meta.url, 'dry-run-shard-worker', data, { signal, onProgress: (done) => onProgress(done) });
    },
    close: () => {
      void sandbox.close();
      db.close();
    },
  };
};
