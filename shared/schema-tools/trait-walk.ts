/**
 * The traits of an identity schema as a flat list, in document order: where each trait sits in the
 * identity (`#/traits/name/first`), where it is written in the schema (after following local `$ref`s),
 * whether it is required and which `ory.sh/kratos` facts it carries. Both the form preview and the
 * schema diff read schemas through this one walk, so they agree on what a trait is. The input is
 * untrusted: `$ref` cycles end the branch, and depth and node count are bounded.
 */
import { KRATOS_EXTENSION_KEYWORD } from '../kratos/extension-meta-schema';
import { formatPointer, isRecord, type JsonObject } from '../json';
import { pointerReadings } from './pointers';

const MAX_DEPTH = 32;
const MAX_NODES = 5_000;

/** How a path step was taken: through `properties`, an array's `items` schema, or one of a tuple's `items`. */
export type TraitStep = 'property' | 'items' | 'tuple';

export interface TraitNode {
  /** Path below `traits`: property names, `*` for the items of an array, an index for tuple items. */
  path: string[];
  /** One per path segment, so a property literally named `*` or `0` is not mistaken for array items. */
  steps: TraitStep[];
  /** The trait in the identity: `#/traits/name/first`, `#/traits` for the root. */
  pointer: string;
  /** Where the node is written in the schema document (`#/definitions/name/properties/first` when reached through `$ref`). */
  schemaPointer: string;
  schemaTokens: string[];
  /** The node's schema with `$ref` followed. */
  schema: JsonObject;
  /** Listed in its parent's `required` (array items count as required). */
  required: boolean;
  /** Reached again through a `$ref` cycle: listed once, its children are not walked again. */
  recursive: boolean;
  /**
   * Every place a property of this name is declared for the trait (several `allOf` branches, or
   * `anyOf`/`oneOf` ones with `combinators: 'all'`), the node's own first. The walk continues
   * below all of them, so what any definition declares is a trait.
   */
  definitions: TraitDefinition[];
  /** The schemas of those definitions and of their combinator branches: what may hold for the value. */
  parts: JsonObject[];
}

export interface TraitDefinition {
  schema: JsonObject;
  schemaPointer: string;
  schemaTokens: string[];
}

export interface TraitWalkOptions {
  /**
   * `allOf` (default): only `allOf` branches add properties to a trait, as in the form Kratos
   * renders. `all`: `anyOf` and `oneOf` branches too, for readers that want every trait that can
   * occur (the linter, the Name column).
   */
  combinators?: 'allOf' | 'all';
}

export interface TraitWalk {
  /** `properties.traits` itself, or null when the schema has no object there. */
  root: TraitNode | null;
  /** Every trait below the root, parents before children, siblings in document order. */
  nodes: TraitNode[];
  /** True when the limits stopped the walk: the list is incomplete. */
  truncated: boolean;
}

/** An in-document `$ref` (`#/definitions/x`, `#/$defs/x`, `#`) resolved once; anything else (base64://, http) is null. */
export const resolveLocalRef = (root: unknown, ref: string): { tokens: string[]; schema: unknown } | null => {
  if (ref !== '#' && !ref.startsWith('#/')) return null;
  for (const tokens of pointerReadings(ref)) {
    let current: unknown = root;
    for (const token of tokens) {
      current = Array.isArray(current) ? current[Number(token)] : isRecord(current) ? current[token] : undefined;
      if (current === undefined) break;
    }
    if (current !== undefined) return { tokens, schema: current };
  }
  return null;
};

export interface Resolved {
  schema: JsonObject;
  /** Where the schema is written, as pointer tokens (kept as tokens: names may contain `%`, `/` or `~`). */
  tokens: string[];
  /** The refs followed on this branch so far, so a cycle that spans several nodes is seen. */
  refs: string[];
  /** A ref of this node's chain was already followed higher up: the node is recursive, its children repeat. */
  repeats: boolean;
}

/**
 * Follows a node's `$ref` chain. Draft-07 ignores a `$ref`'s siblings, so the target is the node.
 * Null when the chain itself loops (`a → b → a`, nothing to validate against), leaves the document or
 * lands on something that is not an object schema.
 */
export const resolveNode = (root: unknown, schema: unknown, tokens: string[], seen: readonly string[] = []): Resolved | null => {
  let current = schema;
  let where = tokens;
  const chain: string[] = [];
  for (let hops = 0; hops <= MAX_DEPTH; hops++) {
    if (!isRecord(current)) return null;
    const ref = current['$ref'];
    if (typeof ref !== 'string') {
      const repeats = chain.some((r) => seen.includes(r));
      return { schema: current, tokens: where, refs: [...seen, ...chain.filter((r) => !seen.includes(r))], repeats };
    }
    if (chain.includes(ref)) return null;
    const target = resolveLocalRef(root, ref);
    if (!target) return null;
    chain.push(ref);
    current = target.schema;
    where = target.tokens;
  }
  return null;
};

const requiredNames = (schemas: readonly JsonObject[]): Set<string> =>
  new Set(schemas.flatMap((s) => (Array.isArray(s['required']) ? s['required'].filter((r): r is string => typeof r === 'string') : [])));

const COMBINATORS = { allOf: ['allOf'], all: ['allOf', 'anyOf', 'oneOf'] } as const;

/**
 * The definition plus its resolved combinator branches, nested ones included: composition adds
 * properties to the same trait. Each schema object once, so a branch reached twice (or a cycle
 * that `resolveNode` lets through) adds nothing.
 */
const parts = (root: unknown, node: Resolved, keywords: readonly string[]): Resolved[] => {
  const out: Resolved[] = [];
  const seen = new Set<JsonObject>();
  const visit = (part: Resolved, depth: number): void => {
    if (seen.has(part.schema) || depth > MAX_DEPTH) return;
    seen.add(part.schema);
    out.push(part);
    for (const keyword of keywords) {
      const list = part.schema[keyword];
      if (!Array.isArray(list)) continue;
      list.forEach((sub, i) => {
        const resolved = resolveNode(root, sub, [...part.tokens, keyword, String(i)], part.refs);
        if (resolved) visit(resolved, depth + 1);
      });
    }
  };
  visit(node, 0);
  return out;
};

interface Frame {
  node: TraitNode;
  /** Every definition of the trait, the node's own first. */
  definitions: Resolved[];
  depth: number;
}

const definitionOf = (r: Resolved): TraitDefinition => ({ schema: r.schema, schemaPointer: formatPointer(r.tokens), schemaTokens: r.tokens });

const childFrames = (root: unknown, frame: Frame, keywords: readonly string[]): Frame[] => {
  const out: Frame[] = [];
  const byName = new Map<string, Frame>();
  const sources = frame.definitions.flatMap((d) => parts(root, d, keywords));
  const required = requiredNames(sources.map((s) => s.schema));
  const push = (name: string, step: TraitStep, raw: unknown, rawTokens: string[], isRequired: boolean, refs: string[]): void => {
    const resolved = resolveNode(root, raw, rawTokens, refs);
    if (!resolved) return;
    const key = `${step}:${name}`;
    const earlier = byName.get(key);
    if (earlier) {
      // A later definition of the same trait: listed with the first, and walked below too.
      earlier.definitions.push(resolved);
      earlier.node.definitions.push(definitionOf(resolved));
      earlier.node.parts.push(...parts(root, resolved, keywords).map((p) => p.schema));
      return;
    }
    const path = [...frame.node.path, name];
    const node: TraitNode = {
      path,
      steps: [...frame.node.steps, step],
      pointer: formatPointer(['traits', ...path]),
      schemaPointer: formatPointer(resolved.tokens),
      schemaTokens: resolved.tokens,
      schema: resolved.schema,
      required: isRequired,
      recursive: resolved.repeats,
      definitions: [definitionOf(resolved)],
      parts: parts(root, resolved, keywords).map((p) => p.schema),
    };
    const child: Frame = { node, definitions: [resolved], depth: frame.depth + 1 };
    byName.set(key, child);
    out.push(child);
  };
  for (const source of sources) {
    const properties = source.schema['properties'];
    if (isRecord(properties)) {
      // The first definition of a name is the one shown; later ones are its further definitions.
      for (const [name, child] of Object.entries(properties))
        push(name, 'property', child, [...source.tokens, 'properties', name], required.has(name), source.refs);
    }
    const items = source.schema['items'];
    if (Array.isArray(items)) items.forEach((item, i) => push(String(i), 'tuple', item, [...source.tokens, 'items', String(i)], true, source.refs));
    else if (items !== undefined) push('*', 'items', items, [...source.tokens, 'items'], true, source.refs);
  }
  return out;
};

/** Walks `properties.traits` of an identity schema. Never throws. */
export const walkTraits = (body: unknown, options: TraitWalkOptions = {}): TraitWalk => {
  const keywords = COMBINATORS[options.combinators ?? 'allOf'];
  const properties = isRecord(body) ? body['properties'] : undefined;
  const raw = isRecord(properties) ? properties['traits'] : undefined;
  const resolved = raw === undefined ? null : resolveNode(body, raw, ['properties', 'traits']);
  if (!resolved) return { root: null, nodes: [], truncated: false };
  const root: TraitNode = {
    path: [],
    steps: [],
    pointer: '#/traits',
    schemaPointer: formatPointer(resolved.tokens),
    schemaTokens: resolved.tokens,
    schema: resolved.schema,
    required: true,
    recursive: false,
    definitions: [definitionOf(resolved)],
    parts: parts(body, resolved, keywords).map((p) => p.schema),
  };
  const nodes: TraitNode[] = [];
  let truncated = false;
  // Depth-first with an explicit stack: children are pushed reversed so they pop in document order.
  const stack: Frame[] = childFrames(body, { node: root, definitions: [resolved], depth: 0 }, keywords).reverse();
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (nodes.length >= MAX_NODES) {
      truncated = true;
      break;
    }
    if (frame.depth > MAX_DEPTH) {
      truncated = true;
      continue;
    }
    nodes.push(frame.node);
    if (!frame.node.recursive) stack.push(...childFrames(body, frame, keywords).reverse());
  }
  return { root, nodes, truncated };
};

/** One thing an `ory.sh/kratos` block makes Kratos do with a trait's value. */
export interface ExtensionFact {
  /** Stable key, e.g. `credentials.code.identifier`; a changed `via` is a different fact. */
  key: string;
  /** For humans: `password identifier`, `code identifier via email`, `recovery via sms`. */
  label: string;
  /** Gaining it can make stored identities fail validation or conflict (new identifiers and addresses). */
  tightens: boolean;
}

const text = (value: unknown): string => {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

const at = (value: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), value);

/** The facts of one node's `ory.sh/kratos` block (reference §2.1/§2.3), in a fixed order. */
export const extensionFacts = (schema: JsonObject): ExtensionFact[] => {
  const ext = schema[KRATOS_EXTENSION_KEYWORD];
  if (!isRecord(ext)) return [];
  const facts: ExtensionFact[] = [];
  const flag = (path: string[], label: string, tightens: boolean): void => {
    if (at(ext, ...path) === true) facts.push({ key: path.join('.'), label, tightens });
  };
  flag(['credentials', 'password', 'identifier'], 'password identifier', true);
  flag(['credentials', 'webauthn', 'identifier'], 'WebAuthn identifier', true);
  flag(['credentials', 'passkey', 'display_name'], 'passkey display name', false);
  flag(['credentials', 'totp', 'account_name'], 'TOTP account name', false);
  if (at(ext, 'credentials', 'code', 'identifier') === true) {
    const via = at(ext, 'credentials', 'code', 'via');
    const label = via === undefined ? 'code identifier (no via)' : `code identifier via ${text(via)}`;
    facts.push({ key: `credentials.code.identifier:${via === undefined ? '' : text(via)}`, label, tightens: true });
  }
  for (const flow of ['verification', 'recovery'] as const) {
    const via = at(ext, flow, 'via');
    if (via !== undefined) facts.push({ key: `${flow}.via:${text(via)}`, label: `${flow} via ${text(via)}`, tightens: true });
  }
  const matcher = at(ext, 'organizations', 'matcher');
  if (matcher !== undefined)
    facts.push({ key: `organizations.matcher:${text(matcher)}`, label: `organizations matcher ${text(matcher)}`, tightens: false });
  return facts;
};
