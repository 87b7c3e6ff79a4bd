/**
 * Public surface of the schema registry and the linter (design §6). Other modules import from here
 * only; the files beside it are internal.
 */
export type { SchemaService, SchemaServiceDeps } from './schema-service';
export { createSchemaService, seedPresets } from './schema-service';
export type { ImportConfigOptions } from './import-config';
export type { ClosableValidator, SchemaChecker, TraitsValidator } from './schema-checker';
export { hasLintErrors, lintSchema, re2Problem } from './lint/index';
export { DEFAULT_PRESET_ID, PRESETS, presetText } from './presets';
export type { Preset } from './presets';
export { nextFreeVersionId, nextVersionId } from './versioning';
export { encodeBase64Url, decodeBase64Url } from './config-urls';
export { MAX_SCHEMA_BYTES, SCHEMA_ID_PATTERN } from './schema-body';
