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
  let current = cloneJson(doc);
  for (const op of operations) current = applyOne(current, op);
  return current;
};

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
  const parent = walk(doc, tokens.slice(0, -1), op.op === 'replace' || op.op === 'add');
  if (op.op === 'remove') remove(parent, last, op.path);
  else if (op.op === 'add') add(parent, last, op.value, op.path);
  else replace(parent, last, op.value, op.path);
  return doc;
};

/** Follows the pointer through own properties only; `create` makes missing object parents (Kratos's replace-becomes-add). */
const walk = (doc: unknown, tokens: readonly string[], create: boolean): Container => {
  let node: unknown = doc;
  for (const token of tokens) {
    if (!isContainer(node)) throw badPatch(`path segment "${token}" does not exist`);
    const next: unknown = Array.isArray(node) ? node[arrayIndex(node, token, false)] : ownValue(node, token);
    if (next === undefined || next === null) {
      if (!create || Array.isArray(node)) throw badPatch(`path segment "${token}" does not exist`);
      const made: Record<string, unknown> = {};
      node[token] = made;
      node = made;
    } else node = next;
  }
  if (!isContainer(node)) throw badPatch('the target is not an object or array');
  return node;
};

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
