/**
 * Whether the list shows a Name column: only when a schema in scope gives its identities a name
 * that `displayName` can read, so a store of usernames is not a column of dashes. Pure (schema
 * bodies in, decision out), so it is unit-tested.
 */
import type { SchemaSummary } from '../../../shared/domain/schema';
import { pointerTokens } from '../../../shared/json';
import { NAME_PARTS, NAME_TRAIT } from './identity-view';

type JsonObject = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Schemas are untrusted input: recursion through `$ref`s and combinators stops here. */
const MAX_DEPTH = 16;
const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;

/** Follows local `$ref`s (`#/definitions/…`, `#/$defs/…`); a remote or broken one resolves to nothing. */
const resolve = (root: unknown, node: unknown, depth: number): JsonObject | null => {
  if (!isRecord(node)) return null;
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  if (depth > MAX_DEPTH || !ref.startsWith('#')) return null;
  let target: unknown = root;
  for (const segment of pointerTokens(ref))
    target = Array.isArray(target) ? target[Number(segment)] : isRecord(target) ? target[segment] : undefined;
  return resolve(root, target, depth + 1);
};

/** The schema node and every combinator branch under it (each once): a property declared in any of them can occur. */
const branches = (root: unknown, node: unknown): JsonObject[] => {
  const seen = new Set<JsonObject>();
  const visit = (n: unknown, depth: number): void => {
    const schema = resolve(root, n, 0);
    if (!schema || seen.has(schema) || depth > MAX_DEPTH) return;
    seen.add(schema);
    for (const k of COMBINATORS) {
      const list = schema[k];
      if (Array.isArray(list)) for (const b of list as unknown[]) visit(b, depth + 1);
    }
  };
  visit(node, 0);
  return [...seen];
};

const property = (root: unknown, node: unknown, key: string): unknown[] =>
  branches(root, node).flatMap((s) => (isRecord(s['properties']) && Object.hasOwn(s['properties'], key) ? [s['properties'][key]] : []));

const isStringSchema = (root: unknown, node: unknown): boolean =>
  branches(root, node).some((s) => s['type'] === 'string' || (Array.isArray(s['type']) && s['type'].includes('string')));

const readsName = (body: unknown): boolean =>
  property(body, body, 'traits')
    .flatMap((traits) => property(body, traits, NAME_TRAIT))
    .some(
      (name) => isStringSchema(body, name) || NAME_PARTS.some((part) => property(body, name, part).some((p) => isStringSchema(body, p))),
    );

/** Bodies are immutable once fetched and the list asks on every render, so each is read once. */
const verdicts = new WeakMap<JsonObject, boolean>();

/** `traits.name` is a string, or an object with a first/given/middle/last/family string. */
export const schemaHasName = (body: unknown): boolean => {
  if (!isRecord(body)) return false;
  let verdict = verdicts.get(body);
  if (verdict === undefined) {
    verdict = readsName(body);
    verdicts.set(body, verdict);
  }
  return verdict;
};

/** Schemas whose identities the list can show: the filtered one, else every schema that has identities. */
export const schemasInScope = (schemaFilter: string, summaries: readonly Pick<SchemaSummary, 'id' | 'identityCount'>[]): string[] =>
  schemaFilter !== '' ? [schemaFilter] : summaries.filter((s) => s.identityCount > 0).map((s) => s.id);

/**
 * True as soon as one schema in scope has a name; false when none has; null while a body that could
 * still decide it is loading. A body that could not be read is in the map as `undefined`: no name.
 */
export const nameColumnShown = (scope: readonly string[], bodies: ReadonlyMap<string, unknown>): boolean | null => {
  let waiting = false;
  for (const id of scope) {
    if (!bodies.has(id)) waiting = true;
    else if (schemaHasName(bodies.get(id))) return true;
  }
  return waiting ? null : false;
};
