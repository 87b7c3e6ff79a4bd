import type {
  CreateSchemaInput,
  ExportedConfig,
  ImportConfigReport,
  KratosConfigFormat,
  SchemaDetail,
  SchemaSummary,
} from '../domain/schema';
import { KRATOS_CONFIG_FORMATS, MAX_SCHEMA_BYTES, SCHEMA_ID_PATTERN } from '../domain/schema';
import type { ParamSchemas } from './params';
import { anyJson, array, boolean, either, object, oneOfValues, optional, record, string } from './params';

/** A schema file the user picked together with the config, as text: what a `file://` URL next to the config names. */
export interface ConfigSchemaFile {
  /** Its path relative to the config's folder (`schemas/user.json`), or just its name when picked without folders. */
  name: string;
  text: string;
}

export interface ImportConfigCallOptions {
  /** Accept `http(s)://` entries; they are reported as skipped, never fetched (the app is offline). */
  allowRemote?: boolean;
  /**
   * The schema files the config's relative `file://` URLs name, picked with it. A URL is matched by its path, else by
   * its file name when exactly one picked file has it; one that no picked file matches is an error naming it.
   */
  files?: ConfigSchemaFile[];
}

/**
 * The schema registry (design §6). A schema used by identities is immutable: `update` answers
 * CONFLICT with `details.suggestedId` (the next version id) instead of changing it.
 */
export interface SchemasApi {
  list(): Promise<SchemaSummary[]>;
  get(id: string): Promise<SchemaDetail>;
  /** Checked by the sandboxed engine first; CONFLICT if the id exists. */
  create(input: CreateSchemaInput): Promise<SchemaSummary>;
  /** Only while no identity uses the schema. */
  update(id: string, schema: CreateSchemaInput['schema']): Promise<SchemaSummary>;
  /** Only unused schemas that are not the default. */
  remove(id: string): Promise<void>;
  setDefault(id: string): Promise<void>;
  /** A free id for the next version (`user_v0` → `user_v1`, `user` → `user_v1`). */
  suggestVersionId(id: string): Promise<string>;
  /**
   * Imports `identity.schemas` and `identity.default_schema_id` from a Kratos config's text. Text has no folder:
   * a relative `file://` URL is read from `options.files` (the schema files picked with the config), never from disk.
   */
  importConfig(text: string, format: KratosConfigFormat, options?: ImportConfigCallOptions): Promise<ImportConfigReport>;
  /** The same shape back, every schema inline as `base64://`. */
  exportConfig(format?: KratosConfigFormat): Promise<ExportedConfig>;
}

export const schemaIdParam = string({ pattern: SCHEMA_ID_PATTERN });
/** JSON text (checked for size here, for content by the engine) or an already parsed object. */
export const schemaBodyParam = either(string({ minLength: 1, maxLength: MAX_SCHEMA_BYTES }), record(anyJson));
const formatParam = oneOfValues(KRATOS_CONFIG_FORMATS);

export const schemasParams = {
  list: [],
  get: [schemaIdParam],
  create: [object({ id: schemaIdParam, schema: schemaBodyParam }, { required: ['id', 'schema'] })],
  update: [schemaIdParam, schemaBodyParam],
  remove: [schemaIdParam],
  setDefault: [schemaIdParam],
  suggestVersionId: [schemaIdParam],
  importConfig: [
    string({ minLength: 1, maxLength: 16 * 1024 * 1024 }),
    formatParam,
    optional(
      object({
        allowRemote: boolean(),
        files: array(object({ name: string({ minLength: 1, maxLength: 1024 }), text: string({ maxLength: MAX_SCHEMA_BYTES }) }, { required: ['name', 'text'] }), {
          maxItems: 100,
        }),
      }),
    ),
  ],
  exportConfig: [optional(formatParam)],
} satisfies ParamSchemas<SchemasApi>;
