/**
 * Imports the schemas of a Kratos config into the store, all or nothing: every URL is resolved and
 * every body checked by the sandboxed engine before a single row is written.
 */
import { isRecord } from '../../../shared/json';
import type { ConfigSchemaFile } from '../../../shared/api/schemas';
import type { ImportConfigReport, ImportedSchema, KratosConfigFormat, SkippedSchema } from '../../../shared/domain/schema';
import { AppError } from '../../../shared/errors';
import { parseKratosConfig } from './config-parse';
import { resolveSchemaUrl } from './config-urls';
import type { SchemaBody } from './schema-body';
import { canonicalJson, schemaTitle, toSchemaBody } from './schema-body';
import type { SchemaChecker } from './schema-checker';
import type { SchemaStore } from './schema-store';
import { DEFAULT_SCHEMA_SETTING } from './schema-store';
import { immutableError } from './versioning';

export interface ImportConfigOptions {
  text: string;
  format: KratosConfigFormat;
  /** The config file's folder: `file://` URLs are read relative to it and may not leave it. */
  baseDir?: string;
  /** Accept `http(s)://` entries; they are then skipped (reported), never fetched: the app is offline. */
  allowRemote?: boolean;
  /** Schema files picked with a config that has no folder here (the app): `file://` URLs are matched to them. */
  files?: readonly ConfigSchemaFile[];
}

interface Loaded extends SchemaBody {
  id: string;
}

const detailsOf = (err: AppError): Record<string, unknown> => (isRecord(err.details) ? err.details : {});

/** Names the schema in an engine error, so the user knows which of the config's entries failed. */
const forSchema = (id: string, err: unknown): unknown =>
  err instanceof AppError ? new AppError(err.code, `Schema "${id}": ${err.message}`, { schemaId: id, ...detailsOf(err) }) : err;

const loadAll = async (options: ImportConfigOptions, checker: SchemaChecker) => {
  const config = parseKratosConfig(options.text, options.format);
  const loaded: Loaded[] = [];
  const skipped: SkippedSchema[] = [];
  for (const entry of config.schemas) {
    try {
      const resolved = resolveSchemaUrl(entry.url, { ...options, pointer: entry.pointer });
      if (resolved.kind === 'remote') {
        skipped.push({ id: entry.id, url: entry.url, reason: resolved.reason });
        continue;
      }
      const body = toSchemaBody(resolved.text);
      await checker.checkSchema(body.text);
      loaded.push({ id: entry.id, ...body });
    } catch (err) {
      throw forSchema(entry.id, err);
    }
  }
  return { config, loaded, skipped };
};

const writeOne = (store: SchemaStore, item: Loaded, now: string): ImportedSchema => {
  const existing = store.get(item.id);
  const title = schemaTitle(item.body);
  if (!existing) {
    store.insert({ id: item.id, body: item.text, source: 'config', title, createdAt: now });
    return { id: item.id, outcome: 'created' };
  }
  if (canonicalJson(JSON.parse(existing.body)) === canonicalJson(item.body)) return { id: item.id, outcome: 'unchanged' };
  const used = store.identityCount(item.id);
  if (used > 0) throw immutableError(store, item.id, used);
  store.replace({ id: item.id, body: item.text, source: 'config', title });
  return { id: item.id, outcome: 'replaced' };
};

export const importKratosConfig = async (
  store: SchemaStore,
  checker: SchemaChecker,
  options: ImportConfigOptions,
  now: string,
): Promise<ImportConfigReport> => {
  const { config, loaded, skipped } = await loadAll(options, checker);
  return store.transaction(() => {
    const imported = loaded.map((item) => writeOne(store, item, now));
    // A default that was skipped (remote) cannot become the store's default: keep the current one.
    if (loaded.some((l) => l.id === config.defaultSchemaId)) store.setSetting(DEFAULT_SCHEMA_SETTING, config.defaultSchemaId);
    return { imported, skipped, defaultSchemaId: store.setting(DEFAULT_SCHEMA_SETTING) };
  });
};
