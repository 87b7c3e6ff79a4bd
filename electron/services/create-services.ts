import type { AppInfo } from '../../shared/domain/app';
import type { OpenedStore } from '../db/open-database';
import { openStore } from '../db/open-database';
import type { AppService } from './app/app-service';
import { createAppService } from './app/app-service';
import type { EventBus } from './events/event-bus';
import { createEventBus } from './events/event-bus';
import { watchStore } from './events/store-watch';
import type { SchemaService } from './schemas/index';
import { createSchemaService } from './schemas/index';
import type { ValidationService } from './validation-service';
import { createValidationService } from './validation-service';
import { createSandboxedValidator } from './validation/index';
import { APP_VERSION } from './version';
import type { StoreServices } from './store-services';
import { createStoreServices } from './store-services';
import type { WriteLimits } from './identities/write-limits';
import { createWriteLimits } from './identities/write-limits';
import type { FileGrants, FilePicker } from './files/file-grants';
import { createFileGrants } from './files/file-grants';
import type { MigrationService } from './migration/index';
import { createOperationsStore } from './operations/index';
import { createMigrationService } from './migration/index';
import type { SyncService } from './sync/sync-service';
import { createSyncService } from './sync/sync-service';
import type { KeyVault } from './sync/key-vault';
import { noKeyVault } from './sync/key-vault';
import { createSchemaValidators } from './identities/schema-validators';
import { createValidationEngine } from './validation/index';

export interface ServiceDeps {
  dataDir: string;
  host: AppInfo['host'];
  /** Who is recorded in the audit log; defaults to the OS user name. */
  actor?: string;
  /** The sandbox's wall-clock limit (default VALIDATION_LIMITS.sandboxTimeoutMs); tests lower it. */
  sandboxTimeoutMs?: number;
  /** The desktop's file dialogs (electron/platform/file-dialogs.ts); none in the web host and CLI. */
  picker?: FilePicker;
  /** The OS keystore for remote keys (electron/platform/); none in the web host and CLI (keys come from the environment). */
  vault?: KeyVault;
  /** Where `--key-env` variables are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Every service, built once per host from plain dependencies (no Electron here: design §2). */
export interface Services extends StoreServices {
  store: OpenedStore;
  events: EventBus;
  app: AppService;
  schemas: SchemaService;
  validation: ValidationService;
  migration: MigrationService;
  /** Gates identity writes too big to validate inline through the sandbox (issue 17 §2). */
  writeLimits: WriteLimits;
  /** Files the user chose, as grants: the renderer never names a path. */
  files: FileGrants;
  sync: SyncService;
  close(): void;
}

export const createServices = (deps: ServiceDeps): Services => {
  // The host's open checks the file (quick_check); the job workers' connections do not repeat it.
  const store = openStore(deps.dataDir, { quickCheck: true });
  // An operation a crash left `running` is marked partial or failed before anything else reads it.
  if (store.readOnlyReason === null) createOperationsStore(store.db).recoverInterrupted();
  const events = createEventBus();
  const app = createAppService({ store, events, dataDir: deps.dataDir, version: APP_VERSION, host: deps.host });
  // One sandbox (worker started on first use) for every untrusted schema or traits check.
  const sandbox = createSandboxedValidator(deps.sandboxTimeoutMs === undefined ? {} : { timeoutMs: deps.sandboxTimeoutMs });
  const schemas = createSchemaService({ db: store.db, events, checker: sandbox, readOnly: store.readOnlyReason !== null });
  const validation = createValidationService({ validator: sandbox, profile: app.profile });
  const storeServices = createStoreServices({
    store,
    dataDir: deps.dataDir,
    events,
    ...(deps.actor ? { actor: deps.actor } : {}),
    ...(deps.sandboxTimeoutMs === undefined ? {} : { sandboxTimeoutMs: deps.sandboxTimeoutMs }),
  });
  const migration = createMigrationService({ dataDir: deps.dataDir, jobs: storeServices.jobs, checkSchema: (text) => sandbox.checkSchema(text) });
  const writeLimits = createWriteLimits({
    identities: storeServices.identities,
    sandbox,
    schemaText: (id) => {
      const schemaId = id ?? schemas.defaultId();
      if (schemaId === null) return undefined;
      try {
        return schemas.get(schemaId).text;
      } catch {
        return undefined; // unknown schema: the write answers VALIDATION_FAILED itself
      }
    },
  });
  const files = createFileGrants({ dataDir: deps.dataDir, ...(deps.picker ? { picker: deps.picker } : {}), webDownloads: deps.host === 'web' });
  const engine = createValidationEngine();
  const sync = createSyncService({
    db: store.db,
    dataDir: deps.dataDir,
    events,
    jobs: storeServices.jobs,
    schemas,
    validators: createSchemaValidators(store.db, (schema) => engine.compile(schema)),
    vault: deps.vault ?? noKeyVault,
    actor: () => storeServices.actor(),
    readOnlyReason: () => store.readOnlyReason,
    ...(deps.env ? { env: deps.env } : {}),
  });
  // The hosts show the store live: a change by another process (the CLI, another window) refreshes the views.
  const unwatch = deps.host === 'cli' ? () => undefined : watchStore(store.db, events);
  return {
    ...storeServices,
    sync,
    migration,
    writeLimits,
    files,
    store,
    events,
    app,
    schemas,
    validation,
    close: () => {
      unwatch();
      void sandbox.close();
      store.db.close();
    },
  };
};
