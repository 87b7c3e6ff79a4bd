/**
 * THE contract between the renderer and the backend (design §3). Every call the renderer can make
 * is declared here, one domain per file under `shared/api/`; `electron/ipc/create-api.ts`
 * implements it once with `satisfies Api`. Methods are `domain.verbNoun`; events `domain.pastTense`.
 */
import type { AppApi } from './api/app';
import { appParams } from './api/app';
import type { ParamSchemas } from './api/params';
import type { SchemasApi } from './api/schemas';
import { schemasParams } from './api/schemas';
import type { ValidationApi } from './api/validation';
import { validationParams } from './api/validation';
import type { JobFinished, JobProgress } from './domain/jobs';
import type { IdentitiesApi } from './api/identities';
import { identitiesParams } from './api/identities';
import type { SearchApi } from './api/search';
import { searchParams } from './api/search';
import type { AuditApi } from './api/audit';
import { auditParams } from './api/audit';
import type { TransferApi } from './api/transfer';
import { transferParams } from './api/transfer';
import type { MigrationApi } from './api/migration';
import { migrationParams } from './api/migration';
import type { JobsApi } from './api/jobs';
import type { SyncApi } from './api/sync';
import { syncParams } from './api/sync';
import { jobsParams } from './api/jobs';

export interface Api {
  app: AppApi;
  identities: IdentitiesApi;
  search: SearchApi;
  audit: AuditApi;
  transfer: TransferApi;
  schemas: SchemasApi;
  validation: ValidationApi;
  migration: MigrationApi;
  jobs: JobsApi;
  sync: SyncApi;
}

export interface ApiEvents {
  'jobs.progressed': JobProgress;
  'jobs.finished': JobFinished;
  'identities.changed': { ids: string[] | 'all' };
  'schemas.changed': { ids: string[] };
  'settings.changed': { keys: string[] };
  /** Remotes, the outbox or conflicts changed (a pull, push, discard or resolution). */
  'sync.changed': Record<string, never>;
}

export type EventName = keyof ApiEvents;
export const EVENT_NAMES = ['jobs.progressed', 'jobs.finished', 'identities.changed', 'schemas.changed', 'settings.changed', 'sync.changed'] as const satisfies readonly EventName[];

export type MethodName = {
  [D in keyof Api]: `${D & string}.${keyof Api[D] & string}`;
}[keyof Api];

/** Argument schemas for every method, checked by the router; a missing method is a compile error. */
export const API_PARAMS: { [D in keyof Api]: ParamSchemas<Api[D]> } = {
  app: appParams,
  identities: identitiesParams,
  search: searchParams,
  audit: auditParams,
  transfer: transferParams,
  schemas: schemasParams,
  validation: validationParams,
  migration: migrationParams,
  jobs: jobsParams,
  sync: syncParams,
};
