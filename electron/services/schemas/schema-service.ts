/**
 * The schema registry (design §6): the store's identity schemas, their default, presets on first
 * open, Kratos config import/export, and the rule that a schema used by identities never changes.
 * Every body from outside is checked by the sandboxed engine before it is stored.
 */
import type {
  CreateSchemaInput,
  ExportedConfig,
  ImportConfigReport,
  KratosConfigFormat,
  SchemaDetail,
  SchemaSource,
  SchemaSummary,
} from '../../../shared/domain/schema';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';
import type { EventBus } from '../events/event-bus';
import { buildKratosConfig, serializeConfig } from './config-export';
import type { ImportConfigOptions } from './import-config';
import { importKratosConfig } from './import-config';
import { DEFAULT_PRESET_ID, PRESETS, presetText } from './presets';
import { assertSchemaId, schemaTitle, toSchemaBody } from './schema-body';
import type { SchemaChecker } from './schema-checker';
import type { SchemaRow, SchemaStore } from './schema-store';
import { createSchemaStore, DEFAULT_SCHEMA_SETTING, SEEDED_SETTING } from './schema-store';
import { immutableError, nextFreeVersionId } from './versioning';

export interface SchemaServiceDeps {
  db: Db;
  events: EventBus;
  /** The sandboxed engine; every untrusted body goes through it before it is stored. */
  checker: SchemaChecker;
  /** Set when the store is open read-only (written by a newer app): no seeding, no writes. */
  readOnly?: boolean;
  now?: () => string;
}

export interface SchemaService {
  list(): SchemaSummary[];
  get(id: string): SchemaDetail;
  create(input: CreateSchemaInput, source?: SchemaSource): Promise<SchemaSummary>;
  /** Replaces the body of a schema no identity uses yet; a used one answers CONFLICT with a suggested new id. */
  update(id: string, schema: CreateSchemaInput['schema']): Promise<SchemaSummary>;
  remove(id: string): void;
  setDefault(id: string): void;
  defaultId(): string | null;
  /** A free id for the next version of `id` (`user_v0` → `user_v1`). */
  suggestVersionId(id: string): string;
  importConfig(options: ImportConfigOptions): Promise<ImportConfigReport>;
  exportConfig(format?: KratosConfigFormat): ExportedConfig;
}

const notFound = (id: string): AppError => new AppError('NOT_FOUND', `Schema "${id}" does not exist.`, { schemaId: id });

/**
 * Seeds the presets into a store that has never had schemas. A flag in settings remembers the
 * seeding, so a user who deletes every preset does not get them back on the next start.
 */
export const seedPresets = (store: SchemaStore, now: string): boolean =>
  store.transaction(() => {
    if (store.setting(SEEDED_SETTING) !== null) return false;
    store.setSetting(SEEDED_SETTING, now);
    if (store.count() > 0) return false;
    for (const preset of PRESETS) {
      store.insert({ id: preset.id, body: presetText(preset), source: 'preset', title: schemaTitle(preset.body), createdAt: now });
    }
    if (store.setting(DEFAULT_SCHEMA_SETTING) === null) store.setSetting(DEFAULT_SCHEMA_SETTING, DEFAULT_PRESET_ID);
    return true;
  });

export const createSchemaService = (deps: SchemaServiceDeps): SchemaService => {
  const store = createSchemaStore(deps.db);
  const now = deps.now ?? (() => new Date().toISOString());
  const readOnly = deps.readOnly === true;
  if (!readOnly) seedPresets(store, now());

  const defaultId = (): string | null => store.setting(DEFAULT_SCHEMA_SETTING);
  const summary = (row: SchemaRow, count: number, def: string | null): SchemaSummary => ({
    id: row.id,
    title: row.title,
    source: row.source,
    identityCount: count,
    isDefault: row.id === def,
    createdAt: row.createdAt,
  });
  const rowOf = (id: string): SchemaRow => {
    const row = store.get(assertSchemaId(id));
    if (!row) throw notFound(id);
    return row;
  };
  const summaryOf = (id: string): SchemaSummary => summary(rowOf(id), store.identityCount(id), defaultId());
  const writable = (): void => {
    if (readOnly)
      throw new AppError('READ_ONLY', 'The store is open read-only (written by a newer Identity Desk, or damaged); schemas cannot change. The Overview screen says why.');
  };
  const changed = (ids: string[]): void => {
    if (ids.length > 0) deps.events.emit('schemas.changed', { ids });
  };

  const create = async (input: CreateSchemaInput, source: SchemaSource = 'user'): Promise<SchemaSummary> => {
    writable();
    const id = assertSchemaId(input.id);
    const body = toSchemaBody(input.schema);
    await deps.checker.checkSchema(body.text);
    store.transaction(() => {
      if (store.get(id)) {
        throw new AppError(
          'CONFLICT',
          `Schema "${id}" already exists; choose another id such as "${nextFreeVersionId(id, (c) => store.get(c) !== null)}".`,
          {
            schemaId: id,
          },
        );
      }
      store.insert({ id, body: body.text, source, title: schemaTitle(body.body), createdAt: now() });
    });
    changed([id]);
    return summaryOf(id);
  };

  const update = async (id: string, schema: CreateSchemaInput['schema']): Promise<SchemaSummary> => {
    writable();
    rowOf(id);
    const body = toSchemaBody(schema);
    await deps.checker.checkSchema(body.text);
    store.transaction(() => {
      const row = rowOf(id);
      const used = store.identityCount(id);
      if (used > 0) throw immutableError(store, id, used);
      store.replace({ id, body: body.text, source: row.source, title: schemaTitle(body.body) });
    });
    changed([id]);
    return summaryOf(id);
  };

  const remove = (id: string): void => {
    writable();
    store.transaction(() => {
      rowOf(id);
      const used = store.identityCount(id);
      if (used > 0) {
        throw new AppError('CONFLICT', `Schema "${id}" is used by ${used} identities and cannot be deleted.`, {
          schemaId: id,
          identityCount: used,
        });
      }
      if (defaultId() === id) {
        throw new AppError('CONFLICT', `Schema "${id}" is the default; choose another default before deleting it.`, { schemaId: id });
      }
      store.remove(id);
    });
    changed([id]);
  };

  const setDefault = (id: string): void => {
    writable();
    rowOf(id);
    store.setSetting(DEFAULT_SCHEMA_SETTING, id);
    changed([id]);
  };

  return {
    list: () => {
      const counts = store.identityCounts();
      const def = defaultId();
      return store.all().map((row) => summary(row, counts.get(row.id) ?? 0, def));
    },
    get: (id) => {
      const row = rowOf(id);
      return { ...summary(row, store.identityCount(id), defaultId()), text: row.body, body: JSON.parse(row.body) as unknown };
    },
    create,
    update,
    remove,
    setDefault,
    defaultId,
    suggestVersionId: (id) => nextFreeVersionId(assertSchemaId(id), (c) => store.get(c) !== null),
    importConfig: async (options) => {
      writable();
      const before = defaultId();
      const report = await importKratosConfig(store, deps.checker, options, now());
      const ids = report.imported.filter((i) => i.outcome !== 'unchanged').map((i) => i.id);
      // A new default changes how the list shows, even when no body changed.
      if (report.defaultSchemaId !== before && report.defaultSchemaId !== null && !ids.includes(report.defaultSchemaId))
        ids.push(report.defaultSchemaId);
      changed(ids);
      return report;
    },
    exportConfig: (format = 'yaml') =>
      serializeConfig(
        buildKratosConfig(
          store.all().map((r) => ({ id: r.id, text: r.body })),
          defaultId(),
        ),
        format,
      ),
  };
};
