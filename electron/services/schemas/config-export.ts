/**
 * Writes the store's schemas back as the `identity` block of a Kratos config (reference §3.5), every
 * schema inline as `base64://` so the file is self-contained and can be pasted into any Kratos config.
 */
import { stringify as stringifyYaml } from 'yaml';
import type { ExportedConfig, KratosConfigFormat, KratosIdentityConfig } from '../../../shared/domain/schema';
import { AppError } from '../../../shared/errors';
import { encodeBase64Url } from './config-urls';

export interface ExportableSchema {
  id: string;
  text: string;
}

export const buildKratosConfig = (schemas: readonly ExportableSchema[], defaultId: string | null): KratosIdentityConfig => {
  const first = schemas[0];
  if (!first) throw new AppError('NOT_FOUND', 'There are no schemas to export: Kratos needs at least one.');
  // Kratos refuses a default that is not listed; fall back to the first schema rather than write a broken config.
  const defaultSchemaId = defaultId !== null && schemas.some((s) => s.id === defaultId) ? defaultId : first.id;
  return {
    identity: {
      default_schema_id: defaultSchemaId,
      schemas: schemas.map((s) => ({ id: s.id, url: encodeBase64Url(s.text) })),
    },
  };
};

export const serializeConfig = (config: KratosIdentityConfig, format: KratosConfigFormat): ExportedConfig => ({
  format,
  config,
  // lineWidth 0: never fold the long base64 strings, which some YAML readers would then mangle.
  text: format === 'json' ? `${JSON.stringify(config, null, 2)}\n` : stringifyYaml(config, { lineWidth: 0 }),
});
