import { isRecord } from '../../../shared/json';
import { AppError } from '../../../shared/errors';
import type { ValidationIssue } from '../../../shared/errors';
import { subschemas, toPointer } from './schema-walk';
import type { JsonObject } from '../../../shared/json';

/**
 * Kratos's JSON Schema dialect (reference §3.1): drafts 4, 6 and 7, draft-07 when `$schema` is absent, anything
 * else (2019-09, 2020-12, https URIs) refused with `unknown $schema`. ajv 8 ships no draft-04 support (and
 * `ajv-draft-04` is not a dependency), so every schema is rewritten to draft-07 before compiling:
 *
 * - draft-04: `id` → `$id`; boolean `exclusiveMaximum`/`exclusiveMinimum` with `maximum`/`minimum` → the numeric
 *   draft-06 form (false: dropped); keywords draft-04 does not know (`const`, `contains`, `propertyNames`,
 *   `if`/`then`/`else`, `contentEncoding`, `contentMediaType`, `examples`) are dropped, since Kratos's draft-04
 *   compiler ignores them; a boolean subschema other than `additionalProperties`/`additionalItems` is an error.
 * - draft-06: `if`/`then`/`else`, `contentEncoding` and `contentMediaType` are dropped (draft-07 additions).
 * - all drafts: `$ref` siblings are ignored by ajv's `ignoreKeywordsWithRef`, as ory/jsonschema ignores them.
 */
export type Draft = 4 | 6 | 7;

export const DRAFT_07_URI = 'http://json-schema.org/draft-07/schema#';

const DRAFTS: Record<string, Draft> = {
  'http://json-schema.org/draft-04/schema': 4,
  'http://json-schema.org/draft-06/schema': 6,
  'http://json-schema.org/draft-07/schema': 7,
};

const DROPPED: Record<Draft, readonly string[]> = {
  4: ['const', 'contains', 'propertyNames', 'if', 'then', 'else', 'contentEncoding', 'contentMediaType', 'examples'],
  6: ['if', 'then', 'else', 'contentEncoding', 'contentMediaType'],
  7: [],
};

export const schemaInvalid = (message: string, issues: ValidationIssue[]): AppError =>
  new AppError('SCHEMA_INVALID', message, { issues });

const issueAt = (tokens: string[], message: string, keyword: string | null = null): ValidationIssue => ({
  pointer: toPointer(tokens),
  keyword,
  source: 'jsonschema',
  message,
});

/** The draft a schema declares; throws SCHEMA_INVALID for any other `$schema`, as Kratos does. */
export const detectDraft = (schema: unknown): Draft => {
  if (!isRecord(schema) || schema['$schema'] === undefined) return 7;
  const declared = schema['$schema'];
  const draft = typeof declared === 'string' ? DRAFTS[declared.replace(/#$/, '')] : undefined;
  if (draft === undefined) {
    const message = `unknown $schema ${JSON.stringify(declared)}: Kratos supports drafts 4, 6 and 7 only`;
    throw schemaInvalid(message, [issueAt(['$schema'], message, '$schema')]);
  }
  return draft;
};

const CONTAINERS = ['items', 'allOf', 'anyOf', 'oneOf', 'properties', 'patternProperties', 'definitions', 'dependencies'];

const convertNode = (node: JsonObject, draft: Draft): JsonObject => {
  const out: JsonObject = { ...node };
  // Copy subschema containers once so children can be replaced in place without touching the input.
  for (const key of CONTAINERS) {
    const v = out[key];
    if (Array.isArray(v)) out[key] = [...v];
    else if (isRecord(v)) out[key] = { ...v };
  }
  for (const key of DROPPED[draft]) delete out[key];
  if (draft !== 4) return out;
  if (typeof out['id'] === 'string' && out['$id'] === undefined) {
    out['$id'] = out['id'];
    delete out['id'];
  }
  for (const [flag, bound] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else delete out[flag];
  }
  return out;
};

const BOOLEAN_OK_IN_DRAFT_4 = new Set(['additionalProperties', 'additionalItems']);

const normalizeAt = (schema: unknown, draft: Draft, tokens: string[]): unknown => {
  if (!isRecord(schema)) return schema;
  const out = convertNode(schema, draft);
  for (const { path, schema: child } of subschemas(out)) {
    const childTokens = [...tokens, ...path];
    if (draft === 4 && typeof child === 'boolean' && !BOOLEAN_OK_IN_DRAFT_4.has(path[0] ?? '')) {
      const message = 'expected object, but got boolean (boolean schemas need draft-06 or later)';
      throw schemaInvalid(message, [issueAt(childTokens, message, 'type')]);
    }
    setAt(out, path, normalizeAt(child, draft, childTokens));
  }
  return out;
};

/** Writes `value` at a 1- or 2-token path of a node whose containers `convertNode` already copied. */
const setAt = (node: JsonObject, path: string[], value: unknown): void => {
  const [head, second] = path;
  if (head === undefined) return;
  if (second === undefined) {
    node[head] = value;
    return;
  }
  const container = node[head];
  if (Array.isArray(container)) container[Number(second)] = value;
  // defineProperty, not assignment: a property literally named `__proto__` must stay data.
  else if (isRecord(container))
    Object.defineProperty(container, second, { value, enumerable: true, writable: true, configurable: true });
};

/** A draft-07 copy of the schema (the input is left untouched) and the draft it came from. */
export const normalizeDialect = (schema: unknown): { schema: unknown; draft: Draft } => {
  const draft = detectDraft(schema);
  const normalized = normalizeAt(schema, draft, []);
  if (isRecord(normalized)) normalized['$schema'] = DRAFT_07_URI;
  return { schema: normalized, draft };
};
