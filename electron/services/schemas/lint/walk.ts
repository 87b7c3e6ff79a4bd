/**
 * The linter's view of an identity schema: its traits from the one trait walk
 * (shared/schema-tools/trait-walk), with `anyOf`/`oneOf` branches, one lint node per place a trait
 * is declared, so a setting in any definition is checked where it is written; and a bounded visit of
 * every schema object for the rules that look at keywords wherever they sit.
 */
import type { JsonObject } from '../../../../shared/json';
import { formatPointer, isRecord } from '../../../../shared/json';
import { KRATOS_EXTENSION_KEYWORD } from '../../../../shared/kratos/extension-meta-schema';
import { walkTraits as walkSchemaTraits } from '../../../../shared/schema-tools/trait-walk';

export type { JsonObject };

export const EXTENSION_KEY = KRATOS_EXTENSION_KEYWORD;
const MAX_NODES = 20_000;
const MAX_DEPTH = 64;

export interface TraitNode {
  /** Trait path, e.g. ['name', 'first']; array items appear as '[]'. */
  path: string[];
  /** Pointer into the schema where this node is defined (after following in-document `$ref`). */
  pointer: string;
  schema: JsonObject;
  /** The node's `ory.sh/kratos` object, or null. */
  ext: JsonObject | null;
}

export interface SchemaWalk {
  /** The `properties.traits` schema (its `$ref` followed), or null when the schema has none. */
  traits: { pointer: string; schema: JsonObject } | null;
  nodes: TraitNode[];
  /** True when the walk hit its limits: findings are then incomplete. */
  truncated: boolean;
}

export const childPointer = (pointer: string, ...tokens: (string | number)[]): string => `${pointer}${formatPointer(tokens, '')}`;

/** Every trait definition under `properties.traits`, in document order of their pointers. */
export const walkTraits = (root: unknown): SchemaWalk => {
  const walk = walkSchemaTraits(root, { combinators: 'all' });
  if (!walk.root) return { traits: null, nodes: [], truncated: false };
  const nodes = walk.nodes.flatMap((node) => {
    const path = node.path.map((name, i) => (node.steps[i] === 'property' ? name : '[]'));
    return node.definitions.map((d): TraitNode => {
      const ext = d.schema[EXTENSION_KEY];
      return { path, pointer: d.schemaPointer, schema: d.schema, ext: isRecord(ext) ? ext : null };
    });
  });
  // Sorted so findings come out in document order, which reads better and is stable.
  nodes.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
  return { traits: { pointer: walk.root.schemaPointer, schema: walk.root.schema }, nodes, truncated: walk.truncated };
};

export interface JsonVisit {
  pointer: string;
  key: string;
  value: unknown;
  parent: JsonObject;
}

/** Keywords whose values are data, not schemas: a key named "pattern" inside them is not a regex. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example']);

/** Keywords whose value maps names to schemas: the keys below them are names, not keywords. */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']);

interface VisitFrame {
  pointer: string;
  value: unknown;
  depth: number;
  /** True for the object under `properties` & co, whose keys are trait or definition names. */
  isNameMap: boolean;
}

/**
 * Visits every key of every schema object (skipping data keywords such as `enum`), iteratively and
 * bounded. Returns false when the limits cut the walk short.
 */
export const visitObjects = (root: unknown, visit: (v: JsonVisit) => void): boolean => {
  const stack: VisitFrame[] = [{ pointer: '#', value: root, depth: 0, isNameMap: false }];
  let count = 0;
  while (stack.length > 0) {
    const { pointer, value, depth, isNameMap } = stack.pop() as VisitFrame;
    if (++count > MAX_NODES * 5 || depth > MAX_DEPTH) return false;
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ pointer: childPointer(pointer, i), value: item, depth: depth + 1, isNameMap: false }));
      continue;
    }
    if (!isRecord(value)) continue;
    for (const [key, child] of Object.entries(value)) {
      const childPtr = childPointer(pointer, key);
      if (!isNameMap) visit({ pointer: childPtr, key, value: child, parent: value });
      if (isNameMap || !DATA_KEYWORDS.has(key)) {
        stack.push({ pointer: childPtr, value: child, depth: depth + 1, isNameMap: !isNameMap && NAME_MAPS.has(key) });
      }
    }
  }
  return true;
};
