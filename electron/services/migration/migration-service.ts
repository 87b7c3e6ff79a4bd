import type { JobId } from '../../../shared/domain/jobs';
import type { StoreCheckReport, StoreCheckRequest } from '../../../shared/domain/migration';
import type { JobsService } from '../jobs/jobs-service';
import { runWorker } from '../jobs/run-worker';
import type { MigrationWorkerData } from './migration-worker';

export interface MigrationService {
  /** Validates stored identities in a worker; the StoreCheckReport arrives with `jobs.finished`. */
  checkStore(request: StoreCheckRequest): JobId;
}

export interface MigrationServiceDeps {
  dataDir: string;
  jobs: JobsService;
  /** Vets a schema body from the user (untrusted) in the sandbox before the worker compiles it. */
  checkSchema(schemaText: string): Promise<unknown>;
}

export const createMigrationService = (deps: MigrationServiceDeps): MigrationService => ({
  checkStore: (request) =>
    deps.jobs.start('store-check', async (ctx) => {
      if (request.targetSchema !== undefined) await deps.checkSchema(request.targetSchema);
      const data: MigrationWorkerData = { dataDir: deps.dataDir, request };
      return runWorker<StoreCheckReport>(import.meta.url, 'migration-worker', data, { signal: ctx.signal, onProgress: ctx.progress });
    }),
});
