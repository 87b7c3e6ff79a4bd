import { randomUUID } from 'node:crypto';
import type { JobId } from '../../../shared/domain/jobs';
import type { BulkPlanRequest, BulkPolicy, OperationListQuery, OperationRecord } from '../../../shared/domain/operations';
import { AppError } from '../../../shared/errors';
import { checkEdit } from '../../../shared/operations/edit-applier';
import type { Db } from '../../db/open-database';
import type { EventBus } from '../events/event-bus';
import { readProfile } from '../identities/stored-identity';
import type { JobsService } from '../jobs/jobs-service';
import { runWorker } from '../jobs/run-worker';
import type { OperationTask, OperationWorkerData } from './operations-worker';
import { createOperationsStore } from './operations-store';

/**
 * Operations on many identities (design §12) from the host's side: each phase runs as a job in the operations
 * worker, with its own connection, so the host's event loop never waits on it; the record is read here.
 */
export interface OperationsService {
  /** Freezes the target and records the edit (and runs the dry run when `request.dryRun`); the job ends with the record. */
  plan(request: BulkPlanRequest): { operationId: string; jobId: JobId };
  dryRun(operationId: string): { jobId: JobId };
  /** Applies a planned operation, or resumes a partial, cancelled or failed one from where it stopped. */
  apply(operationId: string, options?: { policy?: BulkPolicy }): { jobId: JobId };
  /** Reverts what the operation applied, as a new `undo` operation. */
  undo(operationId: string): { operationId: string; jobId: JobId };
  list(query?: OperationListQuery): OperationRecord[];
  get(operationId: string): OperationRecord;
}

export interface OperationsServiceDeps {
  db: Db;
  dataDir: string;
  jobs: JobsService;
  events: EventBus;
  actor: () => string;
  readOnlyReason?: () => string | null;
  /** The host's sandbox time limit (tests lower it); an operation's edited traits get the same. */
  sandboxTimeoutMs?: number;
}

const MAX_IDS = 1_000_000;

export const createOperationsService = (deps: OperationsServiceDeps): OperationsService => {
  const store = createOperationsStore(deps.db);
  const writable = () => {
    const reason = deps.readOnlyReason?.() ?? null;
    if (reason !== null) throw new AppError('READ_ONLY', reason);
  };
  const get = (operationId: string): OperationRecord => {
    const op = store.get(operationId);
    if (!op) throw new AppError('NOT_FOUND', `No operation with id ${operationId.slice(0, 100)}.`);
    return op;
  };
  const start = (operationId: string, task: OperationTask, writes: boolean): JobId =>
    deps.jobs.start('operation', async (ctx) => {
      const data: OperationWorkerData = { ...task, dataDir: deps.dataDir, actor: deps.actor(), operationId, ...(deps.sandboxTimeoutMs === undefined ? {} : { sandboxTimeoutMs: deps.sandboxTimeoutMs }) };
      try {
        return await runWorker<OperationRecord>(import.meta.url, 'operations-worker', data, { signal: ctx.signal, onProgress: (done, total, message) => ctx.progress(done, total, message) });
      } finally {
        if (writes) deps.events.emit('identities.changed', { ids: 'all' });
      }
    });
  return {
    plan: (request) => {
      writable();
      checkEdit(request.edit, readProfile(deps.db) === 'ory-network');
      if ('ids' in request.target && request.target.ids.length > MAX_IDS) throw new AppError('LIMIT_EXCEEDED', `A selection holds at most ${MAX_IDS} ids; target a query instead.`);
      const operationId = randomUUID();
      return { operationId, jobId: start(operationId, { task: 'plan', request }, false) };
    },
    dryRun: (operationId) => {
      const op = get(operationId);
      if (op.kind !== 'bulk' || (op.state !== 'planned' && op.state !== 'dry-run')) throw new AppError('CONFLICT', `Operation ${operationId} is a ${op.state} ${op.kind}: a dry run is for a planned bulk edit.`, { state: op.state });
      return { jobId: start(operationId, { task: 'dry-run' }, false) };
    },
    apply: (operationId, options = {}) => {
      writable();
      const op = get(operationId);
      if (op.kind !== 'bulk' || !['planned', 'dry-run', 'partial', 'cancelled', 'failed'].includes(op.state)) {
        throw new AppError('CONFLICT', `Operation ${operationId} is a ${op.state} ${op.kind}: only a planned (or interrupted) bulk edit is applied.`, { state: op.state });
      }
      return { jobId: start(operationId, { task: 'apply', ...(options.policy ? { policy: options.policy } : {}) }, true) };
    },
    undo: (operationId) => {
      writable();
      const op = get(operationId);
      if (op.kind === 'undo' || !['applied', 'partial', 'cancelled', 'failed'].includes(op.state)) {
        throw new AppError('CONFLICT', `Operation ${operationId} is a ${op.state} ${op.kind}: it cannot be undone.`, { state: op.state });
      }
      const undoId = randomUUID();
      return { operationId: undoId, jobId: start(operationId, { task: 'undo', undoId }, true) };
    },
    list: (query) => store.list(query),
    get,
  };
};
