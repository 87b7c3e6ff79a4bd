/**
 * A self-contained copy of a subschema: local `$ref`s replaced by their targets, `ory.sh/kratos`,
 * `$id`, `$schema` and definitions dropped, so a form renderer needs neither the outer document nor
 * to know Kratos's keyword. Only keywords that hold schemas are walked; data keywords (`enum`,
 * `default`, `examples`…) are copied as data, so a default value with a key named `$ref` stays a value.
 */
import { KRATOS_EXTENSION_KEYWORD } from '../kratos/extension-meta-schema';
import { formatPointer, isRecord, type JsonObject } from '../json';
import { resolveLocalRef } from './trait-walk';

const MAX_DEPTH = 32;
/** Schema objects emitted in total: a `$ref` fan-out (a → b twice → c twice …) grows exponentially otherwise. */
const MAX_NODES = 20_000;

const DROPPED = new Set(['$id', '$schema', '$comment', 'definitions', '$defs', KRATOS_EXTENSION_KEYWORD]);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties']);
const SCHEMA_VALUES = new Set(['additionalProperties', 'additionalItems', 'contains', 'propertyNames', 'if', 'then', 'else', 'not']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
// Kept from a `$ref`'s siblings for display only: draft-07 ignores siblings when validating, and so does Kratos.
const LABELS = ['title', 'description'] as const;

export interface InlineResult {
  schema: JsonObject;
  /** One line per place the copy had to stop (cycle, external `$ref`, limits), with where. */
  notes: string[];
}

interface State {
  root: unknown;
  nodes: number;
  notes: Set<string>;
}

// Bodies normally come from JSON text; a hand-built value that JSON cannot hold (a cycle, a BigInt) is dropped, not thrown.
const cloneData = (value: unknown): unknown => {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
};

const labelsOf = (schema: JsonObject): JsonObject => {
  const out: JsonObject = {};
  for (const key of LABELS) if (typeof schema[key] === 'string') out[key] = schema[key];
  return out;
};

const inlineNode = (state: State, node: unknown, refs: readonly string[], depth: number, where: readonly string[]): unknown => {
  if (typeof node === 'boolean') return node;
  if (!isRecord(node)) return {};
  if (depth > MAX_DEPTH || ++state.nodes > MAX_NODES) {
    state.notes.add(`The schema is too deep or too large to show in full; it is cut at ${formatPointer(where)}.`);
    return labelsOf(node);
  }
  const ref = node['$ref'];
  if (typeof ref === 'string') return inlineRef(state, node, ref, refs, depth, where);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    const at = [...where, key];
    if (key === 'title' || key === 'description') {
      // Labels are text; anything else would reach the renderer as a non-string and break it.
      if (typeof value === 'string') out[key] = value;
    } else if (SCHEMA_MAPS.has(key) && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, inlineNode(state, sub, refs, depth + 1, [...at, name])]),
      );
    } else if (key === 'dependencies' && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [
          name,
          Array.isArray(sub) ? cloneData(sub) : inlineNode(state, sub, refs, depth + 1, [...at, name]),
        ]),
      );
    } else if (key === 'items') {
      out[key] = Array.isArray(value)
        ? value.map((sub, i) => inlineNode(state, sub, refs, depth + 1, [...at, String(i)]))
        : inlineNode(state, value, refs, depth + 1, at);
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = inlineNode(state, value, refs, depth + 1, at);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub, i) => inlineNode(state, sub, refs, depth + 1, [...at, String(i)]));
    } else {
      out[key] = cloneData(value);
    }
  }
  return out;
};

const inlineRef = (
  state: State,
  node: JsonObject,
  ref: string,
  refs: readonly string[],
  depth: number,
  where: readonly string[],
): unknown => {
  const target = resolveLocalRef(state.root, ref);
  if (!target) {
    state.notes.add(
      `The $ref ${JSON.stringify(ref)} at ${formatPointer(where)} does not point into this document, so the preview shows a free field there.`,
    );
    return labelsOf(node);
  }
  if (refs.includes(ref)) {
    state.notes.add(`The $ref ${ref} at ${formatPointer(where)} closes a cycle of references; the preview stops there.`);
    return { ...(isRecord(target.schema) ? labelsOf(target.schema) : {}), ...labelsOf(node) };
  }
  // Notes below point at where the text is written (the definition), so the editor can jump there.
  const inlined = inlineNode(state, target.schema, [...refs, ref], depth + 1, target.tokens);
  return isRecord(inlined) ? { ...inlined, ...labelsOf(node) } : inlined;
};

/** Copies `schema` (found in `root`) with every local `$ref` inlined. `where` is its location as pointer tokens, for the notes. */
export const inlineSchema = (root: unknown, schema: unknown, where: readonly string[]): InlineResult => {
  const state: State = { root, nodes: 0, notes: new Set() };
  const inlined = inlineNode(state, schema, [], 0, where);
  return { schema: isRecord(inlined) ? inlined : {}, notes: [...state.notes] };
};
