import { isRecord } from '../../../../shared/json';
import type { LintFinding } from '../../../../shared/domain/schema';
import type { LintRule } from './context';
import { finding, isLeaf, leafName, traitName } from './context';
import { looksLikeAuthorization, looksLikeBusinessData, looksSensitive } from './names';
import type { TraitNode } from './walk';
import { childPointer } from './walk';

export const MAX_TRAITS = 15;

/** Distinct leaf traits (a `$ref` can reach the same path twice through anyOf). */
const leafTraits = (nodes: readonly TraitNode[]): TraitNode[] => {
  const seen = new Set<string>();
  return nodes.filter((n) => {
    const key = traitName(n);
    if (!isLeaf(n) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

export const tooManyTraits: LintRule = ({ walk }) => {
  if (!walk.traits) return [];
  const count = leafTraits(walk.nodes).length;
  if (count <= MAX_TRAITS) return [];
  return [
    finding(
      'traits/too-many',
      'warning',
      childPointer(walk.traits.pointer, 'properties'),
      `${count} traits (more than ${MAX_TRAITS}): traits are for identifying and contacting people; profile and app data belong in your own database.`,
    ),
  ];
};

/** A finding per trait whose own name matches the heuristic (names are checked once per path). */
const byName = (nodes: readonly TraitNode[], test: (name: string) => boolean, make: (node: TraitNode) => LintFinding): LintFinding[] => {
  const seen = new Set<string>();
  const out: LintFinding[] = [];
  for (const node of nodes) {
    const key = traitName(node);
    // Array items carry their array's name: the array itself is already reported.
    if (node.path.at(-1) === '[]' || seen.has(key) || !test(leafName(node))) continue;
    seen.add(key);
    out.push(make(node));
  }
  return out;
};

export const sensitiveTraits: LintRule = ({ walk }) =>
  byName(walk.nodes, looksSensitive, (node) =>
    finding(
      'traits/sensitive',
      'error',
      node.pointer,
      `"${traitName(node)}" looks like a secret or regulated number: traits are stored in plain text, returned by the API and shown to the user; use credentials or an encrypted store.`,
    ),
  );

export const businessDataTraits: LintRule = ({ walk }) =>
  byName(walk.nodes, looksLikeBusinessData, (node) =>
    finding(
      'traits/business-data',
      'warning',
      node.pointer,
      `"${traitName(node)}" looks like business data: every change rewrites the identity and runs its validation hooks; keep it in your own database keyed by identity id.`,
    ),
  );

export const authorizationTraits: LintRule = ({ walk }) =>
  byName(walk.nodes, looksLikeAuthorization, (node) =>
    finding(
      'traits/authorization',
      'warning',
      node.pointer,
      `"${traitName(node)}" looks like authorization data: people can edit their own traits in the settings flow; keep roles in metadata_admin.`,
    ),
  );

/** Objects in traits without `additionalProperties: false` accept and store any unknown key verbatim (reference §3.3). */
export const openAdditionalProperties: LintRule = ({ walk }) => {
  if (!walk.traits) return [];
  const objects = [{ pointer: walk.traits.pointer, schema: walk.traits.schema, name: 'traits' }].concat(
    walk.nodes
      .filter((n) => isRecord(n.schema['properties']))
      .map((n) => ({ pointer: n.pointer, schema: n.schema, name: `traits.${traitName(n)}` })),
  );
  return objects
    .filter((o) => o.schema['additionalProperties'] === undefined || o.schema['additionalProperties'] === true)
    .map((o) =>
      finding(
        'traits/additional-properties',
        'warning',
        o.pointer,
        `${o.name} accepts unknown keys (no "additionalProperties": false): Kratos stores them verbatim and never removes them.`,
      ),
    );
};

/** The node's own keywords and those of its allOf/anyOf/oneOf entries (they constrain the same value). */
const withCombinators = (schema: Record<string, unknown>): Record<string, unknown>[] => [
  schema,
  ...(['allOf', 'anyOf', 'oneOf'] as const).flatMap((key) => {
    const list = schema[key];
    return Array.isArray(list) ? list.filter(isRecord) : [];
  }),
];

/**
 * `uniqueItems` compares every pair of items, so without `maxItems` one identity's array costs quadratic time on every
 * write and in Kratos too (issue 17 §2: 20,000 objects took 10–15 s). The store refuses writes that run out of the
 * sandbox's time limit; this says why before any identity hits it.
 */
export const uniqueItemsUnbounded: LintRule = ({ walk }) => {
  const seen = new Set<string>();
  return walk.nodes.flatMap((node) => {
    const parts = withCombinators(node.schema);
    if (!parts.some((s) => s['uniqueItems'] === true) || parts.some((s) => typeof s['maxItems'] === 'number') || seen.has(node.pointer)) return [];
    seen.add(node.pointer);
    return [
      finding(
        'traits/unique-items-unbounded',
        'warning',
        node.pointer,
        `"${traitName(node)}" has "uniqueItems" without "maxItems": checking uniqueness compares every pair of items, so a long array makes each write slow (here it is refused after the validation time limit). Add a "maxItems".`,
      ),
    ];
  });
};
