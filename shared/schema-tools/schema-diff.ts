/**
 * What changes for identities between two identity schemas, trait by trait, with a yes/no on whether
 * stored identities could stop validating (or start conflicting) under the new one. The migration
 * wizard and the editor's "impact" panel show this before a new version ships (design §6). Titles,
 * descriptions, defaults and examples are not compared: Kratos never validates against them.
 */
import { formatPointer, isRecord, type JsonObject } from '../json';
import { extensionFacts, type TraitNode, walkTraits } from './trait-walk';

export const TRAIT_CHANGE_KINDS = [
  'added',
  'removed',
  'retyped',
  'required-added',
  'required-removed',
  'format-changed',
  'constraint-changed',
  'extension-gained',
  'extension-lost',
] as const;
export type TraitChangeKind = (typeof TRAIT_CHANGE_KINDS)[number];

export interface TraitChange {
  kind: TraitChangeKind;
  /** The trait in the identity: `#/traits/email`, `#/traits/name/first`, `#/traits/tags/*` for array items, `#/traits` for the root. */
  pointer: string;
  /** One line for humans: `type string → integer`, `password identifier gained`, `maxLength 100 → 50`. */
  detail: string;
  /** Could make stored identities invalid or conflicting (new required trait, retype, tighter constraint, new identifier…). */
  breaking: boolean;
}

export interface SchemaDiff {
  /** Sorted by pointer, then kind (in TRAIT_CHANGE_KINDS order), then detail. */
  changes: TraitChange[];
  unchanged: boolean;
  /** True when any change is breaking. */
  breaking: boolean;
  /** True when either schema was too large or deep to walk completely. */
  truncated: boolean;
}

/** Formats Kratos checks (reference §3.1); any other name is ignored by Kratos, so it constrains nothing. */
const CHECKED_FORMATS = new Set([
  'date-time',
  'date',
  'time',
  'hostname',
  'email',
  'tel',
  'ip-address',
  'ipv4',
  'ipv6',
  'uri',
  'iri',
  'uri-reference',
  'uriref',
  'iri-reference',
  'uri-template',
  'regex',
  'json-pointer',
  'relative-json-pointer',
]);

type Direction = 'lower' | 'upper' | 'divisor' | 'any' | 'superset' | 'closure' | 'flag';

/** Compared keywords and which change tightens them. */
const CONSTRAINTS: readonly (readonly [string, Direction])[] = [
  ['minLength', 'lower'],
  ['maxLength', 'upper'],
  ['minimum', 'lower'],
  ['maximum', 'upper'],
  ['exclusiveMinimum', 'lower'],
  ['exclusiveMaximum', 'upper'],
  ['multipleOf', 'divisor'],
  ['minItems', 'lower'],
  ['maxItems', 'upper'],
  ['uniqueItems', 'flag'],
  ['pattern', 'any'],
  ['enum', 'superset'],
  ['const', 'any'],
  ['additionalProperties', 'closure'],
];

/** JSON with sorted keys, so two equal values written in a different order compare equal. */
const canonical = (value: unknown, depth = 0): string => {
  // Deeper than any sane schema value: only a hand-built cyclic value gets here, and it must not recurse forever.
  if (depth > 64) return '"…"';
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k], depth + 1)}`).join(',')}}`;
  }
  return typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? 'null');
};

const show = (value: unknown): string => (isRecord(value) ? 'a schema' : canonical(value));

const types = (schema: JsonObject): string[] | null => {
  const type = schema['type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return [...new Set(type.filter((t): t is string => typeof t === 'string'))].sort();
  return null;
};

const typeLabel = (schema: JsonObject): string => {
  const list = types(schema);
  if (list) return list.join('|');
  return isRecord(schema['properties']) ? 'object' : 'untyped';
};

/** Every value the old type list allowed is still allowed by the new one. */
const typesWiden = (before: string[] | null, after: string[] | null): boolean =>
  after === null || (before !== null && before.every((t) => after.includes(t) || (t === 'integer' && after.includes('number'))));

/** `true` and `{}` accept anything, like an absent keyword. */
const acceptsAll = (schema: unknown): boolean =>
  schema === undefined || schema === true || (isRecord(schema) && Object.keys(schema).length === 0);

/** Whether going from `before` to `after` can reject a value that was valid; unknown shapes count as tighter. */
const tightens = (direction: Direction, before: unknown, after: unknown): boolean => {
  if (after === undefined) return false;
  if (direction === 'closure') return before !== false && !acceptsAll(after) && canonical(before) !== canonical(after);
  if (before === undefined) return direction !== 'flag' || after === true;
  const numbers = typeof before === 'number' && typeof after === 'number';
  switch (direction) {
    case 'lower':
      return !numbers || after > before;
    case 'upper':
      return !numbers || after < before;
    case 'divisor':
      return !numbers || before % after !== 0;
    case 'flag':
      return after === true && before !== true;
    case 'superset':
      return !Array.isArray(before) || !Array.isArray(after) || before.some((v) => !after.some((w) => canonical(w) === canonical(v)));
    case 'any':
      return true;
  }
};

const enumDetail = (before: unknown, after: unknown): string => {
  if (!Array.isArray(before) || !Array.isArray(after)) return 'enum changed';
  const has = (list: unknown[], v: unknown): boolean => list.some((w) => canonical(w) === canonical(v));
  const removed = before.filter((v) => !has(after, v)).map((v) => canonical(v));
  const added = after.filter((v) => !has(before, v)).map((v) => canonical(v));
  const parts = [removed.length > 0 ? `removed ${removed.join(', ')}` : '', added.length > 0 ? `added ${added.join(', ')}` : ''].filter(
    Boolean,
  );
  return parts.length > 0 ? `enum changed (${parts.join('; ')})` : 'enum reordered';
};

const constraintDetail = (keyword: string, before: unknown, after: unknown): string => {
  if (keyword === 'pattern' || keyword === 'const') {
    return before === undefined ? `${keyword} added` : after === undefined ? `${keyword} removed` : `${keyword} changed`;
  }
  if (before === undefined) return keyword === 'enum' ? 'enum added' : `${keyword} ${show(after)} added`;
  if (after === undefined) return keyword === 'enum' ? 'enum removed' : `${keyword} ${show(before)} removed`;
  if (keyword === 'enum') return enumDetail(before, after);
  return `${keyword} ${show(before)} → ${show(after)}`;
};

const compareNode = (pointer: string, b: TraitNode, a: TraitNode): TraitChange[] => {
  const out: TraitChange[] = [];
  const change = (kind: TraitChangeKind, detail: string, breaking: boolean): void => void out.push({ kind, pointer, detail, breaking });
  const tb = types(b.schema);
  const ta = types(a.schema);
  if (canonical(tb) !== canonical(ta)) change('retyped', `type ${typeLabel(b.schema)} → ${typeLabel(a.schema)}`, !typesWiden(tb, ta));
  if (b.path.length > 0 && b.required !== a.required) {
    if (a.required) change('required-added', 'now required', true);
    else change('required-removed', 'no longer required', false);
  }
  const fb = b.schema['format'];
  const fa = a.schema['format'];
  if (canonical(fb) !== canonical(fa)) {
    const detail =
      fb === undefined ? `format ${show(fa)} added` : fa === undefined ? `format ${show(fb)} removed` : `format ${show(fb)} → ${show(fa)}`;
    change('format-changed', detail, typeof fa === 'string' && CHECKED_FORMATS.has(fa));
  }
  for (const [keyword, direction] of CONSTRAINTS) {
    const before = b.schema[keyword];
    const after = a.schema[keyword];
    if (canonical(before) === canonical(after)) continue;
    change('constraint-changed', constraintDetail(keyword, before, after), tightens(direction, before, after));
  }
  const factsBefore = extensionFacts(b.schema);
  const factsAfter = extensionFacts(a.schema);
  for (const fact of factsAfter)
    if (!factsBefore.some((f) => f.key === fact.key)) change('extension-gained', `${fact.label} gained`, fact.tightens);
  for (const fact of factsBefore) if (!factsAfter.some((f) => f.key === fact.key)) change('extension-lost', `${fact.label} lost`, false);
  return out;
};

const parentPointer = (node: TraitNode): string | null =>
  node.path.length === 0 ? null : formatPointer(['traits', ...node.path.slice(0, -1)]);

const index = (body: unknown): { nodes: Map<string, TraitNode>; truncated: boolean } => {
  const walk = walkTraits(body);
  const nodes = new Map<string, TraitNode>();
  if (walk.root) nodes.set(walk.root.pointer, walk.root);
  for (const node of walk.nodes) if (!nodes.has(node.pointer)) nodes.set(node.pointer, node);
  return { nodes, truncated: walk.truncated };
};

const addedChange = (node: TraitNode): TraitChange => {
  const facts = extensionFacts(node.schema).map((f) => f.label);
  const extras = [node.required && node.path.length > 0 ? 'required' : '', ...facts].filter(Boolean);
  const detail = `${typeLabel(node.schema)} trait added${extras.length > 0 ? ` (${extras.join('; ')})` : ''}`;
  return { kind: 'added', pointer: node.pointer, detail, breaking: node.required && node.path.length > 0 };
};

const removedChange = (node: TraitNode, afterParent: TraitNode | undefined): TraitChange => {
  // Kratos never deletes trait data, so a removed trait only hurts where the parent now closes unknown keys.
  const closed = node.steps[node.steps.length - 1] === 'property' && afterParent?.schema['additionalProperties'] === false;
  const detail = `${typeLabel(node.schema)} trait removed${closed ? ' (stored values now fail additionalProperties false)' : ''}`;
  return { kind: 'removed', pointer: node.pointer, detail, breaking: closed };
};

const byPointerThenKind = (x: TraitChange, y: TraitChange): number => {
  if (x.pointer !== y.pointer) return x.pointer < y.pointer ? -1 : 1;
  const k = TRAIT_CHANGE_KINDS.indexOf(x.kind) - TRAIT_CHANGE_KINDS.indexOf(y.kind);
  if (k !== 0) return k;
  return x.detail < y.detail ? -1 : x.detail > y.detail ? 1 : 0;
};

/** Trait-level differences from `before` to `after` (identity schemas, untrusted). Never throws; deterministic. */
export function diffSchemas(before: unknown, after: unknown): SchemaDiff {
  const b = index(before);
  const a = index(after);
  const changes: TraitChange[] = [];
  for (const [pointer, node] of a.nodes) {
    const old = b.nodes.get(pointer);
    if (old) {
      changes.push(...compareNode(pointer, old, node));
      continue;
    }
    // Only the topmost new node is reported: its subtree is new with it.
    const parent = parentPointer(node);
    if (parent === null || b.nodes.has(parent)) changes.push(addedChange(node));
  }
  for (const [pointer, node] of b.nodes) {
    if (a.nodes.has(pointer)) continue;
    const parent = parentPointer(node);
    if (parent === null || a.nodes.has(parent)) changes.push(removedChange(node, parent === null ? undefined : a.nodes.get(parent)));
  }
  changes.sort(byPointerThenKind);
  return { changes, unchanged: changes.length === 0, breaking: changes.some((c) => c.breaking), truncated: b.truncated || a.truncated };
}
