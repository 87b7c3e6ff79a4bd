/**
 * Where subschemas sit in a draft-04/06/07 schema, so every pass (dialect, `$ref` policy, cycles, the phone-trait
 * rewrite) agrees on what is a schema and what is data (an `enum` value, a `default`, an `examples` item).
 */
import { formatPointer, isRecord, type JsonObject, unescapeToken } from '../../../shared/json';

const SINGLE = ['additionalItems', 'additionalProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames'];
const LISTS = ['allOf', 'anyOf', 'oneOf'];
const MAPS = ['properties', 'patternProperties', 'definitions', 'dependencies'];

export interface SubschemaRef {
  /** JSON-pointer tokens from the parent schema to the subschema. */
  path: string[];
  schema: unknown;
}

/** Direct subschemas of one schema object (booleans included; dependency arrays are data, not schemas). */
export const subschemas = (schema: JsonObject): SubschemaRef[] => {
  const out: SubschemaRef[] = [];
  for (const key of SINGLE) {
    const v = schema[key];
    if (isRecord(v) || typeof v === 'boolean') out.push({ path: [key], schema: v });
  }
  const items = schema['items'];
  if (Array.isArray(items)) items.forEach((s, i) => out.push({ path: ['items', String(i)], schema: s }));
  else if (isRecord(items) || typeof items === 'boolean') out.push({ path: ['items'], schema: items });
  for (const key of LISTS) {
    const v = schema[key];
    if (Array.isArray(v)) v.forEach((s, i) => out.push({ path: [key, String(i)], schema: s }));
  }
  for (const key of MAPS) {
    const v = schema[key];
    if (!isRecord(v)) continue;
    for (const [name, s] of Object.entries(v))
      if (isRecord(s) || typeof s === 'boolean') out.push({ path: [key, name], schema: s });
  }
  return out;
};

/** Subschemas evaluated against the same value (no data consumed): the edges a pure `$ref` cycle runs along. */
export const IN_PLACE_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependencies']);

export const toPointer = (tokens: readonly string[]): string => formatPointer(tokens);

/** Resolves an in-document `#/a/b` pointer (percent-decoded, as in a URI fragment). */
export const resolvePointer = (root: unknown, fragment: string): unknown => {
  if (fragment === '' || fragment === '#') return root;
  if (!fragment.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of fragment.slice(2).split('/')) {
    let token: string;
    try {
      token = unescapeToken(decodeURIComponent(raw));
    } catch {
      return undefined;
    }
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isRecord(node) && Object.prototype.hasOwnProperty.call(node, token)) node = node[token];
    else return undefined;
  }
  return node;
};
