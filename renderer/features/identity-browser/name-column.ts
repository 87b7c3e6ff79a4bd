/**
 * Whether the list shows a Name column: only when a schema in scope gives its identities a name
 * that `displayName` can read, so a store of usernames is not a column of dashes. Pure (schema
 * bodies in, decision out), so it is unit-tested.
 */
import type { SchemaSummary } from '../../../shared/domain/schema';
import { isRecord, type JsonObject } from '../../../shared/json';
import { walkTraits, type TraitNode } from '../../../shared/schema-tools/trait-walk';
import { NAME_PARTS, NAME_TRAIT } from './identity-view';

/** Some schema of the trait (its definitions and combinator branches) allows a string. */
const allowsString = (node: TraitNode): boolean =>
  node.parts.some((s) => s['type'] === 'string' || (Array.isArray(s['type']) && s['type'].includes('string')));

/** Through the one trait walk, with `anyOf`/`oneOf` branches: a name declared in any of them can occur. */
const readsName = (body: unknown): boolean =>
  walkTraits(body, { combinators: 'all' }).nodes.some((node) => {
    const [first, second, ...rest] = node.path;
    if (first !== NAME_TRAIT || rest.length > 0 || node.steps.some((s) => s !== 'property')) return false;
    return second === undefined ? allowsString(node) : (NAME_PARTS as readonly string[]).includes(second) && allowsString(node);
  });

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
