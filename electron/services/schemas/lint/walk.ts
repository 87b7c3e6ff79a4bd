/**
 * Read-only traversal of an identity schema for the linter: which nodes are traits, where they sit
 * (JSON pointers into the schema) and which `ory.sh/kratos` settings they carry. Bounded, because
 * the schema may come from anyone: the walk stops at MAX_NODES / MAX_DEPTH instead of recursing on.
 */

export type JsonObject = Record<string, unknown>;

export const EXTENSION_KEY = 'ory.sh/kratos';
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
  /** The `properties.traits` schema, or null when the schema has none. */
  traits: { pointer: string; schema: JsonObject } | null;
  nodes: TraitNode[];
  /** True when the walk hit its limits: findings are then incomplete. */
  truncated: boolean;
}

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const escapeToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapeToken = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

export const childPointer = (pointer: string, ...tokens: (string | number)[]): string =>
  tokens.reduce<string>((p, t) => `${p}/${escapeToken(String(t))}`, pointer);

/** Resolves an in-document `$ref` ("#/definitions/x"); anything else (base64://, remote) is not followed. */
export const resolveLocalRef = (root: unknown, ref: string): { pointer: string; schema: JsonObject } | null => {
  if (ref !== '#' && !ref.startsWith('#/')) return null;
  let current: unknown = root;
  const tokens = ref === '#' ? [] : ref.slice(2).split('/').map(unescapeToken);
  for (const token of tokens) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current)) current = current[token];
    else return null;
  }
  return isObject(current) ? { pointer: ref, schema: current } : null;
};

const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;

interface Frame {
  path: string[];
  pointer: string;
  schema: JsonObject;
  depth: number;
  /** Pointers already on this branch, so a `$ref` cycle ends instead of looping. */
  seen: ReadonlySet<string>;
}

/** Collects every trait node under `properties.traits`, following properties, items, *Of and local `$ref`. */
export const walkTraits = (root: unknown): SchemaWalk => {
  const traitsSchema = isObject(root) && isObject(root['properties']) ? root['properties']['traits'] : undefined;
  if (!isObject(traitsSchema)) return { traits: null, nodes: [], truncated: false };
  const traits = { pointer: '#/properties/traits', schema: traitsSchema };
  const nodes: TraitNode[] = [];
  const stack: Frame[] = [{ path: [], pointer: traits.pointer, schema: traitsSchema, depth: 0, seen: new Set() }];
  let visited = 0;
  let truncated = false;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (++visited > MAX_NODES || frame.depth > MAX_DEPTH) {
      truncated = true;
      break;
    }
    // Draft-07 ignores siblings of `$ref`, so a resolvable reference node is only its target.
    const ref = frame.schema['$ref'];
    const isRef = typeof ref === 'string' && resolveLocalRef(root, ref) !== null;
    if (frame.path.length > 0 && !isRef) {
      const ext = frame.schema[EXTENSION_KEY];
      nodes.push({ path: frame.path, pointer: frame.pointer, schema: frame.schema, ext: isObject(ext) ? ext : null });
    }
    stack.push(...children(root, frame));
  }
  // The stack is LIFO; sort so findings come out in document order, which reads better and is stable.
  nodes.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
  return { traits, nodes, truncated };
};

const children = (root: unknown, frame: Frame): Frame[] => {
  const { schema, pointer, path, depth, seen } = frame;
  const next = (childPath: string[], childPointerValue: string, child: unknown): Frame[] =>
    isObject(child) ? [{ path: childPath, pointer: childPointerValue, schema: child, depth: depth + 1, seen }] : [];
  const ref = schema['$ref'];
  const target = typeof ref === 'string' ? resolveLocalRef(root, ref) : null;
  if (typeof ref === 'string' && target) {
    return seen.has(ref) ? [] : [{ path, pointer: target.pointer, schema: target.schema, depth: depth + 1, seen: new Set([...seen, ref]) }];
  }
  const out: Frame[] = [];
  const properties = schema['properties'];
  if (isObject(properties)) {
    for (const [name, child] of Object.entries(properties)) {
      out.push(...next([...path, name], childPointer(pointer, 'properties', name), child));
    }
  }
  const items = schema['items'];
  if (Array.isArray(items)) items.forEach((item, i) => out.push(...next([...path, '[]'], childPointer(pointer, 'items', i), item)));
  else out.push(...next([...path, '[]'], childPointer(pointer, 'items'), items));
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((sub, i) => out.push(...sameTrait(root, frame, childPointer(pointer, key, i), sub)));
  }
  return out;
};

/**
 * A subschema of allOf/anyOf/oneOf describes the same trait, so its own `properties` continue the
 * trait path; it is not itself a separate trait and is only expanded, never reported.
 */
const sameTrait = (root: unknown, frame: Frame, pointer: string, sub: unknown): Frame[] =>
  isObject(sub) ? children(root, { ...frame, pointer, schema: sub, depth: frame.depth + 1 }) : [];

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
    if (!isObject(value)) continue;
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
