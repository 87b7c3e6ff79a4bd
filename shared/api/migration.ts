import type { JobId } from '../domain/jobs';
import type { StoreCheckRequest } from '../domain/migration';
import { VALIDATION_PROFILES } from '../domain/app';
import type { ParamSchemas } from './params';
import { idParam, object, oneOfValues, string } from './params';

export interface MigrationApi {
  /**
   * Validates stored identities in a worker thread ("validate all", or the impact of a new schema
   * on one schema's identities); follow and cancel it through `jobs` (its report: StoreCheckReport).
   */
  checkStore(request: StoreCheckRequest): Promise<{ jobId: JobId }>;
}

export const migrationParams = {
  checkStore: [
    object({
      schemaId: idParam,
      targetSchema: string({ minLength: 2, maxLength: 1024 * 1024 }),
      profile: oneOfValues(VALIDATION_PROFILES),
    }),
  ],
} satisfies ParamSchemas<MigrationApi>;
