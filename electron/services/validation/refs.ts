import { isRecord } from '../../../shared/json';
import { Buffer } from 'node:buffer';
import { KRATOS_EXTENSION_KEYWORD } from '../../../shared/kratos/extension-meta-schema';
import { AJV_EXTENSION_KEYWORD } from './ajv-setup';
import { schemaInvalid } from './dialect';
import { VALIDATION_LIMITS, limitError, utf8Bytes } from './limits';
import { checkJsonShape } from './limits';
import { subschemas, toPointer } from './schema-walk';
import type { JsonObject } from '../../../shared/json';

/**
 * The `$ref` policy of Ory Network (reference §3.2, §3.5): in-document `#…` references always work, an external
 * reference may only be `base64://<standard base64 of a schema>`; `file://`, `http(s)://` and anything relative
 * are refused. `base64://` targets are decoded and inlined under `definitions` so ajv never resolves a URI.
 * The same pass renames `ory.sh/kratos` for ajv (AJV_EXTENSION_KEYWORD), so the result is ready to compile.
 */
const BASE64_PREFIX = 'base64://';
const INLINE_PREFIX = '__kratos_base64_';
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

interface InlineState {
  root: JsonObject;
  inlined: Map<string, string>;
  bytes: number;
  refs: number;
}

const refError = (tokens: string[], message: string) =>
  schemaInvalid(message, [{ pointer: toPointer(tokens), keyword: '$ref', source: 'jsonschema', message }]);

const decodeBase64Schema = (payload: string, tokens: string[], state: InlineState): unknown => {
  if (!BASE64_RE.test(payload)) throw refError(tokens, `$ref ${JSON.stringify(BASE64_PREFIX + payload)} is not valid base64`);
  const text = Buffer.from(payload, 'base64').toString('utf8');
  state.bytes += utf8Bytes(text);
  if (state.bytes > VALIDATION_LIMITS.maxSchemaBytes)
    throw limitError(`The schema and its base64:// references exceed ${VALIDATION_LIMITS.maxSchemaBytes} bytes.`);
  try {
    const parsed = JSON.parse(text) as unknown;
    checkJsonShape(parsed, 'schema');
    return parsed;
  } catch (err) {
    if (err instanceof Error && err.name === 'AppError') throw err;
    throw refError(tokens, `$ref base64:// target is not valid JSON`);
  }
};

/** Rewrites `#…` refs inside an inlined document so they stay relative to that document's new home. */
const rebase = (ref: string, base: string): string => (ref === '#' ? base : `${base}${ref.slice(1)}`);

const rewriteRef = (ref: string, tokens: string[], state: InlineState, base: string | null): string => {
  if (ref.startsWith('#')) return base === null ? ref : rebase(ref, base);
  if (!ref.startsWith(BASE64_PREFIX)) {
    throw refError(
      tokens,
      `$ref ${JSON.stringify(ref)} is not allowed: only in-document "#…" and "base64://" references are (Ory Network policy)`,
    );
  }
  const hash = ref.indexOf('#');
  const payload = ref.slice(BASE64_PREFIX.length, hash < 0 ? undefined : hash);
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  let name = state.inlined.get(payload);
  if (name === undefined) {
    name = `${INLINE_PREFIX}${state.inlined.size}`;
    state.inlined.set(payload, name);
    const target = `#/definitions/${name}`;
    const doc = decodeBase64Schema(payload, tokens, state);
    const rewritten = walk(isRecord(doc) ? stripId(doc) : doc, [...tokens, '$ref'], state, target);
    const defs = isRecord(state.root['definitions']) ? state.root['definitions'] : {};
    state.root['definitions'] = { ...defs, [name]: rewritten };
  }
  return `#/definitions/${name}${fragment}`;
};

/** An inlined document's own `$id` would re-base its refs in ajv; its refs are rebased explicitly instead. */
const stripId = (doc: JsonObject): JsonObject => {
  const { $id: _id, id: _legacy, ...rest } = doc;
  return rest;
};

const walk = (schema: unknown, tokens: string[], state: InlineState, base: string | null): unknown => {
  if (!isRecord(schema)) return schema;
  const out: JsonObject = { ...schema };
  if (out[KRATOS_EXTENSION_KEYWORD] !== undefined) {
    // ajv keyword names cannot contain `.` or `/` (see AJV_EXTENSION_KEYWORD).
    out[AJV_EXTENSION_KEYWORD] = out[KRATOS_EXTENSION_KEYWORD];
    delete out[KRATOS_EXTENSION_KEYWORD];
  }
  if (typeof out['$ref'] === 'string') {
    if (++state.refs > VALIDATION_LIMITS.maxRefs) throw limitError(`The schema has more than ${VALIDATION_LIMITS.maxRefs} $ref.`);
    out['$ref'] = rewriteRef(out['$ref'], [...tokens, '$ref'], state, base);
  }
  const copied = new Set<string>();
  for (const { path, schema: child } of subschemas(out)) {
    const next = walk(child, [...tokens, ...path], state, base);
    if (next === child) continue;
    const [head, second] = path as [string, string | undefined];
    if (second === undefined) {
      out[head] = next;
      continue;
    }
    if (!copied.has(head)) {
      // Copy each container once, so many rewritten children stay linear.
      const container = out[head];
      out[head] = Array.isArray(container) ? [...container] : { ...(container as JsonObject) };
      copied.add(head);
    }
    Object.defineProperty(out[head], second, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return out;
};

/** Applies the `$ref` policy and inlines `base64://` targets; returns a new schema. */
export const applyRefPolicy = (schema: unknown): unknown => {
  if (!isRecord(schema)) return schema;
  const root: JsonObject = { ...schema };
  const state: InlineState = { root, inlined: new Map(), bytes: 0, refs: 0 };
  const walked = walk(root, [], state, null) as JsonObject;
  // Definitions added while walking live on `state.root`; the walked copy carries the rewritten refs.
  if (state.inlined.size > 0) {
    const defs = state.root['definitions'] as JsonObject;
    walked['definitions'] = { ...(isRecord(walked['definitions']) ? walked['definitions'] : {}), ...pickInlined(defs) };
  }
  return walked;
};

const pickInlined = (defs: JsonObject): JsonObject =>
  Object.fromEntries(Object.entries(defs).filter(([k]) => k.startsWith(INLINE_PREFIX)));
