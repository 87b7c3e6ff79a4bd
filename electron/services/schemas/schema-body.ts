/**
 * Checks on a schema body and id before anything is stored: ids are plain tokens, bodies are JSON
 * objects of at most 1 MiB (Kratos reads no more, reference §3.5). Whether Kratos accepts the
 * schema is the sandboxed engine's call; this file only makes sure there is something to ask about.
 */
import { isRecord } from '../../../shared/json';
import { MAX_SCHEMA_BYTES, SCHEMA_ID_PATTERN } from '../../../shared/domain/schema';
import { AppError } from '../../../shared/errors';

export { MAX_SCHEMA_BYTES, SCHEMA_ID_PATTERN };
const MAX_TITLE_LENGTH = 200;
const SCHEMA_ID = new RegExp(SCHEMA_ID_PATTERN);

export const assertSchemaId = (id: unknown, pointer = '#/id'): string => {
  if (typeof id === 'string' && SCHEMA_ID.test(id)) return id;
  const shown = typeof id === 'string' ? JSON.stringify(id.slice(0, 80)) : typeof id;
  throw new AppError(
    'VALIDATION_FAILED',
    `Schema id ${shown} is not allowed: use 1-200 letters, digits and . _ ~ : @ + -, starting with a letter or digit.`,
    { issues: [{ pointer, keyword: 'pattern', source: 'request', message: 'invalid schema id' }] },
  );
};

export interface SchemaBody {
  /** The JSON text as stored and exported. */
  text: string;
  body: Record<string, unknown>;
}


const schemaInvalid = (message: string): AppError =>
  new AppError('SCHEMA_INVALID', message, { issues: [{ pointer: '#', keyword: null, source: 'request', message }] });

/** Turns JSON text or a parsed value into the stored text plus the parsed object; text is kept as given. */
export const toSchemaBody = (input: unknown): SchemaBody => {
  let text: string;
  let body: unknown;
  if (typeof input === 'string') {
    text = input;
    assertSize(text);
    try {
      body = JSON.parse(text) as unknown;
    } catch (err) {
      if (err instanceof RangeError) throw new AppError('LIMIT_EXCEEDED', 'The schema is nested too deeply.');
      throw schemaInvalid(`The schema is not valid JSON: ${err instanceof Error ? err.message : 'parse error'}`);
    }
  } else {
    body = input;
    try {
      text = JSON.stringify(input, null, 2) ?? '';
    } catch {
      throw new AppError('LIMIT_EXCEEDED', 'The schema is nested too deeply.');
    }
    assertSize(text);
  }
  if (!isRecord(body)) throw schemaInvalid('An identity schema must be a JSON object.');
  return { text, body };
};

const assertSize = (text: string): void => {
  if (text.length > MAX_SCHEMA_BYTES || Buffer.byteLength(text, 'utf8') > MAX_SCHEMA_BYTES) {
    throw new AppError('LIMIT_EXCEEDED', `The schema is larger than ${MAX_SCHEMA_BYTES} bytes (Kratos reads at most 1 MiB).`, {
      limitBytes: MAX_SCHEMA_BYTES,
    });
  }
};

export const schemaTitle = (body: Record<string, unknown>): string | null => {
  const title = body['title'];
  return typeof title === 'string' && title.trim() !== '' ? title.trim().slice(0, MAX_TITLE_LENGTH) : null;
};

/** Key-sorted JSON, so that re-imports of the same schema with other whitespace or key order count as unchanged. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};
