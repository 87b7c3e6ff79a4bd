/**
 * Parses the `identity` block of a Kratos config file (reference §3.5) from YAML or JSON and checks
 * its shape. Everything else in the config is ignored: Identity Desk only needs the schemas.
 */
import { isRecord } from '../../../shared/json';
import { parse as parseYaml } from 'yaml';
import type { KratosConfigFormat } from '../../../shared/domain/schema';
import type { ValidationIssue } from '../../../shared/errors';
import { AppError } from '../../../shared/errors';
import { SCHEMA_ID_PATTERN } from './schema-body';

/** A config holds up to a few schemas inline as base64; 16 MiB is far above any real one. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
const MAX_SCHEMAS = 200;
/** Kratos's own default for `identity.default_schema_id`. */
export const KRATOS_DEFAULT_SCHEMA_ID = 'default';

export interface ConfigEntry {
  id: string;
  url: string;
  /** Where the url sits in the config, for error details. */
  pointer: string;
}

export interface KratosConfigSchemas {
  defaultSchemaId: string;
  schemas: ConfigEntry[];
}


const invalid = (message: string, issues: ValidationIssue[]): AppError => new AppError('VALIDATION_FAILED', message, { issues });
const requestIssue = (pointer: string, message: string, keyword: string | null = null): ValidationIssue => ({
  pointer,
  keyword,
  source: 'request',
  message,
});

const parseText = (text: string, format: KratosConfigFormat): unknown => {
  if (text.length > MAX_CONFIG_BYTES) throw new AppError('LIMIT_EXCEEDED', `The config is larger than ${MAX_CONFIG_BYTES} bytes.`);
  try {
    // maxAliasCount bounds YAML alias expansion ("billion laughs"); the yaml default is also 100.
    return format === 'json' ? (JSON.parse(text) as unknown) : (parseYaml(text, { maxAliasCount: 100, prettyErrors: true }) as unknown);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : 'parse error').split('\n')[0] ?? 'parse error';
    throw invalid(`The config is not valid ${format.toUpperCase()}: ${reason}`, [requestIssue('#', reason)]);
  }
};

const entryAt = (raw: unknown, index: number, issues: ValidationIssue[]): ConfigEntry | null => {
  const pointer = `#/identity/schemas/${index}`;
  if (!isRecord(raw)) {
    issues.push(requestIssue(pointer, 'each schema must be an object with id and url', 'type'));
    return null;
  }
  const { id, url } = raw;
  if (typeof id !== 'string' || !new RegExp(SCHEMA_ID_PATTERN).test(id)) {
    issues.push(requestIssue(`${pointer}/id`, 'id must be 1-200 letters, digits and . _ ~ : @ + -', 'pattern'));
  }
  if (typeof url !== 'string' || url === '') issues.push(requestIssue(`${pointer}/url`, 'url must be a non-empty string', 'type'));
  return typeof id === 'string' && typeof url === 'string' ? { id, url, pointer: `${pointer}/url` } : null;
};

/** The schemas and default id of a Kratos config; throws VALIDATION_FAILED with pointers into the config. */
export const parseKratosConfig = (text: string, format: KratosConfigFormat): KratosConfigSchemas => {
  const doc = parseText(text, format);
  const identity = isRecord(doc) ? doc['identity'] : undefined;
  const list = isRecord(identity) ? identity['schemas'] : undefined;
  if (!Array.isArray(list) || list.length === 0) {
    throw invalid('The config has no identity.schemas list (Kratos needs at least one schema).', [
      requestIssue('#/identity/schemas', 'missing or empty', 'minItems'),
    ]);
  }
  if (list.length > MAX_SCHEMAS) {
    throw new AppError('LIMIT_EXCEEDED', `The config lists more than ${MAX_SCHEMAS} schemas.`);
  }
  const issues: ValidationIssue[] = [];
  const schemas = list.map((raw, i) => entryAt(raw, i, issues)).filter((e): e is ConfigEntry => e !== null);
  const seen = new Set<string>();
  schemas.forEach((e, i) => {
    if (seen.has(e.id)) issues.push(requestIssue(`#/identity/schemas/${i}/id`, `duplicate schema id "${e.id}"`, 'uniqueItems'));
    seen.add(e.id);
  });
  const rawDefault = isRecord(identity) ? identity['default_schema_id'] : undefined;
  const defaultSchemaId = rawDefault === undefined ? KRATOS_DEFAULT_SCHEMA_ID : rawDefault;
  if (typeof defaultSchemaId !== 'string' || !seen.has(defaultSchemaId)) {
    issues.push(
      requestIssue('#/identity/default_schema_id', `default_schema_id ${JSON.stringify(defaultSchemaId)} is not one of the listed schemas`),
    );
  }
  if (issues.length > 0) throw invalid("The config's identity block is not valid.", issues);
  return { defaultSchemaId: defaultSchemaId as string, schemas };
};
