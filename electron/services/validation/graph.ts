import { isRecord } from '../../../shared/json';
import { schemaInvalid } from './dialect';
import { VALIDATION_LIMITS, limitError } from './limits';
import { IN_PLACE_KEYWORDS, resolvePointer, subschemas, toPointer } from './schema-walk';
import type { JsonObject } from '../../../shared/json';

/**
 * Static checks on the `$ref` graph after the ref policy ran (all refs are `#…`):
 * - a pure cycle — refs and in-place applicators (`allOf`, `not`, `if`…) that return to a node without consuming
 *   any data, e.g. `{"$ref":"#"}` — is refused like Kratos HEAD refuses it (reference §3.2); recursion through
 *   `properties`/`items` is fine, since the data runs out;
 * - a fan-out bomb (each level referencing the next several times) is refused before ajv ever sees it, by
 *   counting subschema visits for one value with memoization.
 */
interface Node {
  schema: JsonObject;
  tokens: string[];
}

const refTarget = (root: unknown, node: Node): Node | null => {
  const ref = node.schema['$ref'];
  if (typeof ref !== 'string') return null;
  const target = resolvePointer(root, ref);
  if (target === undefined) {
    const message = `$ref ${JSON.stringify(ref)} can not be resolved`;
    throw schemaInvalid(message, [{ pointer: toPointer([...node.tokens, '$ref']), keyword: '$ref', source: 'jsonschema', message }]);
  }
  return isRecord(target) ? { schema: target, tokens: ref.slice(2).split('/').filter((t) => t !== '') } : null;
};

/** Children that ajv evaluates for this node: only the target when `$ref` is present (siblings ignored). */
const children = (root: unknown, node: Node): { child: Node; inPlace: boolean }[] => {
  const target = refTarget(root, node);
  if (target !== null) return [{ child: target, inPlace: true }];
  if (typeof node.schema['$ref'] === 'string') return [];
  const out: { child: Node; inPlace: boolean }[] = [];
  for (const { path, schema } of subschemas(node.schema)) {
    if (!isRecord(schema) || path[0] === 'definitions') continue;
    out.push({ child: { schema, tokens: [...node.tokens, ...path] }, inPlace: IN_PLACE_KEYWORDS.has(path[0] ?? '') });
  }
  return out;
};

const cycleError = (node: Node) => {
  const message = `identity schema rejected: self-referential $ref cycle at ${toPointer(node.tokens)}`;
  return schemaInvalid(message, [{ pointer: toPointer(node.tokens), keyword: '$ref', source: 'jsonschema', message }]);
};

/** Every schema object of the document, definitions and `$ref` siblings included. */
const allNodes = (root: JsonObject): Node[] => {
  const out: Node[] = [];
  const stack: Node[] = [{ schema: root, tokens: [] }];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    out.push(node);
    for (const { path, schema } of subschemas(node.schema))
      if (isRecord(schema)) stack.push({ schema, tokens: [...node.tokens, ...path] });
  }
  return out;
};

/** Iterative DFS over in-place edges only; a back edge is a pure cycle. */
const checkPureCycles = (root: JsonObject, nodes: Node[]): void => {
  const state = new Map<JsonObject, 1 | 2>();
  for (const start of nodes) {
    if (state.has(start.schema)) continue;
    const stack: { node: Node; next: Node[] }[] = [];
    const enter = (node: Node) => {
      state.set(node.schema, 1);
      stack.push({ node, next: children(root, node).filter((c) => c.inPlace).map((c) => c.child) });
    };
    enter(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { node: Node; next: Node[] };
      const child = top.next.pop();
      if (child === undefined) {
        state.set(top.node.schema, 2);
        stack.pop();
      } else if (state.get(child.schema) === 1) throw cycleError(child);
      else if (!state.has(child.schema)) enter(child);
    }
  }
};

/** Subschema visits for one value, counting a recursion through data once (its depth is bounded by the data). */
const checkExpansion = (root: JsonObject): void => {
  const memo = new Map<JsonObject, number>();
  const inProgress = new Set<JsonObject>();
  const cost = (node: Node): number => {
    const known = memo.get(node.schema);
    if (known !== undefined) return known;
    if (inProgress.has(node.schema)) return 1;
    inProgress.add(node.schema);
    let total = 1;
    for (const { child } of children(root, node)) {
      total += cost(child);
      if (total > VALIDATION_LIMITS.maxExpansion) throw limitError('The schema expands to too many subschema evaluations ($ref or allOf fan-out).');
    }
    inProgress.delete(node.schema);
    memo.set(node.schema, total);
    return total;
  };
  cost({ schema: root, tokens: [] });
};

export const checkRefGraph = (schema: unknown): void => {
  if (!isRecord(schema)) return;
  const nodes = allNodes(schema);
  checkPureCycles(schema, nodes);
  checkExpansion(schema);
};
