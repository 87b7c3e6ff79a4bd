import { userInfo } from 'node:os';
import type { OpenedStore } from '../db/open-database';
import type { AuditService } from './audit/audit-service';
import { createAuditService } from './audit/audit-service';
import type { EventBus } from './events/event-bus';
import type { JobsService } from './jobs/jobs-service';
import { createJobsService } from './jobs/jobs-service';
import type { SearchService } from './search/search-service';
import { backfillPhoneIndex } from './identities/identity-writer';
import { createSearchService } from './search/search-service';
import type { TransferService } from './transfer/transfer-service';
import { createTransferService } from './transfer/transfer-service';
import { createValidationEngine } from './validation/index';
import type { IdentityService } from './identities/identity-service';
import { createIdentityService } from './identities/identity-service';
import { createSchemaValidators } from './identities/schema-validators';
import type { OperationsService } from './operations/operations-service';
import { createOperationsService } from './operations/operations-service';

/** The local identity store's services (issue 4), built together because they share one connection. */
export interface StoreServices {
  identities: IdentityService;
  search: SearchService;
  audit: AuditService;
  jobs: JobsService;
  transfer: TransferService;
  operations: OperationsService;
  /** Who the audit log names now. */
  actor(): string;
}

export interface StoreServiceDeps {
  store: OpenedStore;
  dataDir: string;
  events: EventBus;
  /** Fixed actor (tests, CLI flag); else settings `actor`, else the OS user name. */
  actor?: string;
  /** The sandbox's time limit, passed to the jobs that validate untrusted rows (imports). */
  sandboxTimeoutMs?: number;
}

const osUser = (): string => {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
};

export const createStoreServices = (deps: StoreServiceDeps): StoreServices => {
  const { db } = deps.store;
  // Stores from before migration 0005: their phone numbers are indexed once, here (the one writer's own backfill).
  if (deps.store.readOnlyReason === null) backfillPhoneIndex(db);
  const engine = createValidationEngine();
  const validators = createSchemaValidators(db, (schema) => engine.compile(schema));
  const actorSetting = db.prepare("SELECT value FROM settings WHERE key = 'actor'").pluck();
  const actor = () => deps.actor ?? (actorSetting.get() as string | undefined) ?? osUser();
  const identities = createIdentityService({ db, events: deps.events, validators, actor });
  const search = createSearchService({ db });
  const audit = createAuditService({ db, identities });
  const jobs = createJobsService({ events: deps.events });
  const transfer = createTransferService({
    dataDir: deps.dataDir,
    jobs,
    events: deps.events,
    actor,
    validators,
    readOnlyReason: () => deps.store.readOnlyReason,
    ...(deps.sandboxTimeoutMs === undefined ? {} : { sandboxTimeoutMs: deps.sandboxTimeoutMs }),
  });
  const operations = createOperationsService({
    db,
    dataDir: deps.dataDir,
    jobs,
    events: deps.events,
    actor,
    readOnlyReason: () => deps.store.readOnlyReason,
    ...(deps.sandboxTimeoutMs === undefined ? {} : { sandboxTimeoutMs: deps.sandboxTimeoutMs }),
  });
  return { identities, search, audit, jobs, transfer, operations, actor };
};
