import type { AppInfo } from '../../shared/domain/app';
import type { OpenedStore } from '../db/open-database';
import { openStore } from '../db/open-database';
import type { AppService } from './app/app-service';
import { createAppService } from './app/app-service';
import type { EventBus } from './events/event-bus';
import { createEventBus } from './events/event-bus';
import type { SchemaService, ValidationService } from './schemas/index';
import { createSchemaService, createValidationService } from './schemas/index';
import { createSandboxedValidator } from './validation/index';
import { APP_VERSION } from './version';
import type { StoreServices } from './identities/store-services';
import { createStoreServices } from './identities/store-services';
import type { FileGrants, FilePicker } from './files/file-grants';
import { createFileGrants } from './files/file-grants';
import type { MigrationService } from './migration/index';
import { createMigrationService } from './migration/index';

export interface ServiceDeps {
  dataDir: string;
  host: AppInfo['host'];
  /** Who is recorded in the audit log; defaults to the OS user name. */
  actor?: string;
  /** The desktop's file dialogs (electron/platform/file-dialogs.ts); none in the web host and CLI. */
  picker?: FilePicker;
}

/** Every service, built once per host from plain dependencies (no Electron here: design §2). */
export interface Services extends StoreServices {
  store: OpenedStore;
  events: EventBus;
  app: AppService;
  schemas: SchemaService;
  validation: ValidationService;
  migration: MigrationService;
  /** Files the user chose, as grants: the renderer never names a path. */
  files: FileGrants;
  close(): void;
}

export const createServices = (deps: ServiceDeps): Services => {
  // The host's open checks the file (quick_check); the job workers' connections do not repeat it.
  const store = openStore(deps.dataDir, { quickCheck: true });
  const events = createEventBus();
  const app = createAppService({ store, events, dataDir: deps.dataDir, version: APP_VERSION, host: deps.host });
  // One sandbox (worker started on first use) for every untrusted schema or traits check.
  const sandbox = createSandboxedValidator();
  const schemas = createSchemaService({ db: store.db, events, checker: sandbox, readOnly: store.readOnlyReason !== null });
  const validation = createValidationService({ validator: sandbox, profile: app.profile });
  const storeServices = createStoreServices({ store, dataDir: deps.dataDir, events, ...(deps.actor ? { actor: deps.actor } : {}) });
  const migration = createMigrationService({ dataDir: deps.dataDir, jobs: storeServices.jobs, checkSchema: (text) => sandbox.checkSchema(text) });
  const files = createFileGrants({ dataDir: deps.dataDir, ...(deps.picker ? { picker: deps.picker } : {}), webDownloads: deps.host === 'web' });
  return {
    ...storeServices,
    migration,
    files,
    store,
    events,
    app,
    schemas,
    validation,
    close: () => {
      void sandbox.close();
      store.db.close();
    },
  };
};
