import { AppError } from '../../../shared/errors';

/**
 * Bounds for untrusted identity schemas and documents (design §5). Kratos itself reads at most 1 MiB of a schema
 * body and accepts 64-level nesting (reference §3.2, §3.5); the other limits keep compile and validation time
 * and memory proportional to the input, so a hostile schema gives LIMIT_EXCEEDED instead of a hang.
 */
export const VALIDATION_LIMITS = {
  /** Schema body, including decoded `base64://` references. */
  maxSchemaBytes: 1024 * 1024,
  /** Traits body accepted by the sandboxed path. */
  maxDocumentBytes: 1024 * 1024,
  /** JSON nesting depth of a schema (Kratos accepts 64 levels of subschemas, ~2 JSON levels each). */
  maxSchemaDepth: 256,
  /** JSON nesting depth of a traits document. */
  maxDocumentDepth: 256,
  /** Property names across the whole schema. */
  maxSchemaProperties: 50_000,
  /** Items of one `enum`. */
  maxEnumValues: 10_000,
  /** `$ref` occurrences across the schema. */
  maxRefs: 5_000,
  /** Statically counted subschema visits for one value (a `$ref`/`allOf` fan-out bomb exceeds this). */
  maxExpansion: 200_000,
  /** Characters of one `pattern`. */
  maxPatternLength: 8_192,
  /** Wall-clock budget of one sandboxed request. */
  sandboxTimeoutMs: 2_000,
} as const;

export const limitError = (message: string, pointer?: string): AppError =>
  new AppError('LIMIT_EXCEEDED', message, pointer === undefined ? undefined : { pointer });

/** Bytes of a string in UTF-8, which is what the 1 MiB limit counts. */
export const utf8Bytes = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : 3;
  }
  return n;
};

/** JSON.parse with Kratos-like limits; malformed JSON is SCHEMA_INVALID (or VALIDATION_FAILED for documents). */
export const parseJsonText = (text: string, what: 'schema' | 'document'): unknown => {
  const max = what === 'schema' ? VALIDATION_LIMITS.maxSchemaBytes : VALIDATION_LIMITS.maxDocumentBytes;
  if (text.length > max || utf8Bytes(text) > max) throw limitError(`The ${what} is larger than ${max} bytes.`);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    if (err instanceof RangeError) throw limitError(`The ${what} is nested too deeply.`);
    const code = what === 'schema' ? 'SCHEMA_INVALID' : 'VALIDATION_FAILED';
    const reason = err instanceof Error ? err.message : 'invalid JSON';
    throw new AppError(code, `The ${what} is not valid JSON: ${reason}`, {
      issues: [{ pointer: '#', keyword: null, source: 'request', message: reason }],
    });
  }
};

/**
 * Depth, size and enum limits over any JSON value, iteratively (a recursive walk would itself overflow the stack
 * on the inputs it is meant to refuse).
 */
export const checkJsonShape = (root: unknown, what: 'schema' | 'document'): void => {
  const maxDepth = what === 'schema' ? VALIDATION_LIMITS.maxSchemaDepth : VALIDATION_LIMITS.maxDocumentDepth;
  const stack: [unknown, number][] = [[root, 0]];
  let properties = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) throw limitError(`The ${what} is nested deeper than ${maxDepth} levels.`);
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, depth + 1]);
      continue;
    }
    const record = value as Record<string, unknown>;
    const enumValues = record['enum'];
    if (what === 'schema' && Array.isArray(enumValues) && enumValues.length > VALIDATION_LIMITS.maxEnumValues)
      throw limitError(`An enum has more than ${VALIDATION_LIMITS.maxEnumValues} values.`);
    for (const key of Object.keys(record)) {
      if (what === 'schema' && ++properties > VALIDATION_LIMITS.maxSchemaProperties)
        throw limitError(`The schema has more than ${VALIDATION_LIMITS.maxSchemaProperties} properties.`);
      stack.push([record[key], depth + 1]);
    }
  }
};
