import { cloneJson, unescapeToken } from '../json';
import type { JsonPatchOperation } from '../domain/identity';
import { AppError } from '../errors';
import { forbiddenSegmentMessage, forbiddenSegmentOf, ownValue } from '../safe-keys';

/**
 * RFC 6902 restricted to add/remove/replace, with Kratos's twist (oryx/jsonx/patch.go): `replace`
 * on a missing non-array path becomes `add`, creating parents as needed. Pure: returns a new value.
 */
export const applyJsonPatch = (doc: unknown, operations: readonly JsonPatchOperation[]): unknown => {
  assertSafePaths(operations);
  let current = doc;
  for (const op of operations) current = applyOne(current, op);
  return current;
};

/**
 * The input is never changed: each operation copies the containers on its path (copy on write) and shares the rest
 * with its input. A bulk edit of one metadata key then copies a few small objects, not the whole identity.
 */
const copyOf = (node: Container): Container => (Array.isArray(node) ? node.slice() : { ...node });

/** No segment may reach a prototype (shared/safe-keys); checked for every operation before any applies. */
export const assertSafePaths = (operations: readonly JsonPatchOperation[]): void => {
  operations.forEach((op, i) => {
    const segment = forbiddenSegmentOf(parsePointer(op.path));
    if (segment === undefined) return;
    const message = `${forbiddenSegmentMessage(segment)}: ${op.path.slice(0, 200)}`;
    throw new AppError('VALIDATION_FAILED', `The patch cannot be applied: ${message}.`, {
      issues: [{ pointer: `#/patch/${i}/path`, keyword: null, source: 'request', message }],
    });
  });
};

type Container = Record<string, unknown> | unknown[];

export const parsePointer = (path: string): string[] => {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badPatch(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map(unescapeToken);
};

const badPatch = (message: string) =>
  new AppError('VALIDATION_FAILED', `The patch cannot be applied: ${message}.`, {
    issues: [{ pointer: '#/patch', keyword: null, source: 'request', message }],
  });

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

const applyOne = (doc: unknown, op: JsonPatchOperation): unknown => {
  const tokens = parsePointer(op.path);
  if (tokens.length === 0) {
    if (op.op === 'remove') return null;
    return cloneJson(op.value);
  }
  const last = tokens[tokens.length - 1] as string;
  const parentTokens = tokens.slice(0, -1);
  if (!isContainer(doc)) throw notContainer(parentTokens, 0);
  const root = copyOf(doc);
  const parent = walk(root, parentTokens, op.op === 'replace' || op.op === 'add');
  if (op.op === 'remove') remove(parent, last, op.path);
  else if (op.op === 'add') add(parent, last, op.value, op.path);
  else replace(parent, last, op.value, op.path);
  return root;
};

/**
 * Follows the pointer through own properties only, from a copied root, copying each container it passes into its
 * (already copied) parent; `create` makes missing object parents (Kratos's replace-becomes-add).
 */
const walk = (root: Container, tokens: readonly string[], create: boolean): Container => {
  let node: Container = root;
  for (const [i, token] of tokens.entries()) {
    const index = Array.isArray(node) ? arrayIndex(node, token, false) : token;
    const next: unknown = Array.isArray(node) ? node[index as number] : ownValue(node, token);
    let child: Container;
    if (next === undefined || next === null) {
      if (!create || Array.isArray(node)) throw badPatch(`path segment "${token}" does not exist`);
      child = {};
    } else if (isContainer(next)) child = copyOf(next);
    else throw notContainer(tokens, i + 1);
    if (Array.isArray(node)) node[index as number] = child;
    else node[token] = child;
    node = child;
  }
  return node;
};

/** The walk to the target's parent met a value that is not a container where it needed `tokens[at]` (or the parent itself). */
const notContainer = (tokens: readonly string[], at: number) =>
  at >= tokens.length ? badPatch('the target is not an object or array') : badPatch(`path segment "${tokens[at] ?? ''}" does not exist`);

const arrayIndex = (arr: readonly unknown[], token: string, forInsert: boolean): number => {
  if (forInsert && token === '-') return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw badPatch(`"${token}" is not an array index`);
  const index = Number(token);
  if (index > arr.length || (!forInsert && index >= arr.length)) throw badPatch(`index ${index} is out of range`);
  return index;
};

const add = (parent: Container, key: string, value: unknown, path: string): void => {
  if (value === undefined) throw badPatch(`"add" at ${path} needs a value`);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, cloneJson(value));
  else parent[key] = cloneJson(value);
};

const remove = (parent: Container, key: string, path: string): void => {
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false), 1);
  else if (!Object.hasOwn(parent, key)) throw badPatch(`nothing to remove at ${path}`);
  else delete parent[key];
};

const replace = (parent: Container, key: string, value: unknown, path: string): void => {
  if (value === undefined) throw badPatch(`"replace" at ${path} needs a value`);
  if (Array.isArray(parent)) parent[arrayIndex(parent, key, false)] = cloneJson(value);
  else parent[key] = cloneJson(value);
};

/** Kratos's denied paths (reference §4.4), matched as case-insensitive globs. */
const DENIED_V26 = ['/id', '/stateChangedAt', '/credentials', '/credentials/oidc/**'];
const DENIED_HEAD = [...DENIED_V26, '/credentials/oidc', '/credentials/saml', '/credentials/saml/**'];

const globMatches = (glob: string, path: string): boolean => {
  const g = glob.toLowerCase();
  const p = path.toLowerCase();
  if (g.endsWith('/**')) return p.startsWith(g.slice(0, -2)) && p.length > g.length - 2;
  return g === p;
};

export const assertPatchAllowed = (operations: readonly JsonPatchOperation[], headProfile: boolean): void => {
  const denied = headProfile ? DENIED_HEAD : DENIED_V26;
  for (const op of operations) {
    const hit = denied.find((glob) => globMatches(glob, op.path));
    if (hit !== undefined) {
      throw new AppError('VALIDATION_FAILED', `patch includes denied path: ${op.path}`, {
        issues: [{ pointer: '#/patch', keyword: null, source: 'request', message: `patch includes denied path: ${op.path}` }],
      });
    }
  }
};
