import type { AppInfo } from '../../shared/domain/app';
import type { OpenedStore } from '../db/open-database';
import { openStore } from '../db/open-database';
import type { AppService } from './app/app-service';
import { createAppService } from './app/app-service';
import type { EventBus } from './events/event-bus';
import { createEventBus } from './events/event-bus';
import { APP_VERSION } from './version';

export interface ServiceDeps {
  dataDir: string;
  host: AppInfo['host'];
  /** For the Electron-ABI build of better-sqlite3 (design §9); Node hosts leave it unset. */
  nativeBinding?: string;
  /** Who is recorded in the audit log; defaults to the OS user name. */
  actor?: string;
}

/** Every service, built once per host from plain dependencies (no Electron here: design §2). */
export interface Services {
  store: OpenedStore;
  events: EventBus;
  app: AppService;
  close(): void;
}

export const createServices = (deps: ServiceDeps): Services => {
  const store = openStore(deps.dataDir, deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {});
  const events = createEventBus();
  const app = createAppService({ store, dataDir: deps.dataDir, version: APP_VERSION, host: deps.host });
  return {
    store,
    events,
    app,
    close: () => store.db.close(),
  };
};
