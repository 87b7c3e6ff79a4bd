import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiEvents, EventName } from '../../../shared/api';
import type { OpenedStore } from '../../../electron/db/open-database';
import { openStore } from '../../../electron/db/open-database';
import { createEventBus } from '../../../electron/services/events/event-bus';
import type { SchemaChecker, SchemaService } from '../../../electron/services/schemas/index';
import { createSchemaService } from '../../../electron/services/schemas/index';

export interface StoreFixture {
  dir: string;
  store: OpenedStore;
  service: SchemaService;
  events: { name: EventName; payload: ApiEvents[EventName] }[];
  /** Adds an identity row that uses `schemaId`, as the identities service would. */
  addIdentity(schemaId: string): void;
  reopen(): StoreFixture;
  close(): void;
}

let counter = 0;

/** A real SQLite store in a fresh temp folder, with the schema service on top. */
export const openFixture = (checker: SchemaChecker, dir = mkdtempSync(join(tmpdir(), 'identity-desk-schemas-'))): StoreFixture => {
  const store = openStore(dir);
  const bus = createEventBus();
  const events: StoreFixture['events'] = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  const service = createSchemaService({ db: store.db, events: bus, checker });
  return {
    dir,
    store,
    service,
    events,
    addIdentity: (schemaId) => {
      const now = new Date().toISOString();
      store.db
        .prepare('INSERT INTO identities (id, schema_id, state, traits, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(`00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`, schemaId, 'active', '{}', now, now);
    },
    reopen: () => {
      store.db.close();
      return openFixture(checker, dir);
    },
    close: () => {
      if (store.db.open) store.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
