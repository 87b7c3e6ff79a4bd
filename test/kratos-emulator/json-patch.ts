import { badRequestMessage } from './errors';
import { isObject, type EmulatorKind } from './model';

/**
 * RFC 6902 as Kratos applies it (`oryx/jsonx/patch.go`, reference §4.4): add/remove/replace only,
 * denied paths as case-insensitive globs, `replace` of a missing non-array path becomes `add`, and
 * `add` creates missing parents.
 */
export interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

const DENIED: Record<EmulatorKind, readonly string[]> = {
  kratos: ['/id', '/stateChangedAt', '/credentials', '/credentials/oidc/**'],
  'ory-network': [
    '/id',
    '/stateChangedAt',
    '/credentials',
    '/credentials/oidc',
    '/credentials/oidc/**',
    '/credentials/saml',
    '/credentials/saml/**',
  ],
};

const globToRegExp = (glob: string): RegExp => {
  const body = glob
    .toLowerCase()
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${body}$`);
};

const DENIED_RE: Record<EmulatorKind, readonly RegExp[]> = {
  kratos: DENIED.kratos.map(globToRegExp),
  'ory-network': DENIED['ory-network'].map(globToRegExp),
};

export const ALLOWED_OPS: ReadonlySet<string> = new Set(['add', 'remove', 'replace']);

/** Why Kratos refuses this operation, or undefined when it is allowed (used by the request log too). */
export const refusal = (kind: EmulatorKind, op: PatchOperation): string | undefined => {
  if (!ALLOWED_OPS.has(op.op)) return `unsupported operation: ${op.op}`;
  const path = op.path.toLowerCase();
  if (DENIED_RE[kind].some((re) => re.test(path))) return `patch includes denied path: ${op.path}`;
  return undefined;
};

/** Parses a request body into operations; errors carry Go's texts. */
export const parsePatch = (raw: string): PatchOperation[] => {
  if (raw.trim() === '') throw badRequestMessage('unexpected end of JSON input');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw badRequestMessage(`invalid character in JSON Patch: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw badRequestMessage('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return parsed.map((item) => {
    if (!isObject(item) || typeof item.op !== 'string' || typeof item.path !== 'string') {
      throw badRequestMessage('Unexpected kind: unknown');
    }
    return item as unknown as PatchOperation;
  });
};

const splitPointer = (path: string): string[] => {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequestMessage(`JSON Pointer must start with '/': ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
};

type Container = Record<string, unknown> | unknown[];

const child = (container: Container, key: string): unknown =>
  Array.isArray(container) ? container[Number(key)] : Object.hasOwn(container, key) ? container[key] : undefined;

const arrayIndex = (array: unknown[], key: string, forInsert: boolean, path: string): number => {
  if (forInsert && key === '-') return array.length;
  const index = /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : Number.NaN;
  const max = forInsert ? array.length : array.length - 1;
  if (!Number.isInteger(index) || index > max)
    throw badRequestMessage(
      `error in ${forInsert ? 'add' : 'remove'} for path: '${path}': Unable to access invalid index: ${key}: invalid index referenced`,
    );
  return index;
};

/** The parent container of `path`, creating missing object parents when `create` is set. */
const parentOf = (doc: Container, segments: readonly string[], create: boolean, path: string, op: string): Container => {
  let node: Container = doc;
  for (const key of segments.slice(0, -1)) {
    let next = child(node, key);
    // A JSON null parent counts as missing, as in evanphx/json-patch's EnsurePathExistsOnAdd.
    if ((next === undefined || next === null) && create && !Array.isArray(node)) {
      next = {};
      node[key] = next;
    }
    if (typeof next !== 'object' || next === null) throw badRequestMessage(`error in ${op} for path: '${path}': missing value`);
    node = next as Container;
  }
  return node;
};

const applyOne = (doc: Container, op: PatchOperation): void => {
  const segments = splitPointer(op.path);
  const key = segments.at(-1);
  if (key === undefined) throw badRequestMessage(`error in ${op.op} for path: '${op.path}': replacing the whole document is not supported`);
  if (op.op === 'remove') {
    const parent = parentOf(doc, segments, false, op.path, 'remove');
    if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false, op.path), 1);
    else if (Object.hasOwn(parent, key)) delete parent[key];
    else throw badRequestMessage(`error in remove for path: '${op.path}': Unable to remove nonexistent key: ${key}: missing value`);
    return;
  }
  const value = structuredClone(op.value === undefined ? null : op.value);
  const parent = parentOf(doc, segments, true, op.path, op.op);
  if (Array.isArray(parent)) {
    if (op.op === 'replace') parent[arrayIndex(parent, key, false, op.path)] = value;
    else parent.splice(arrayIndex(parent, key, true, op.path), 0, value);
    return;
  }
  parent[key] = value;
};

/** Checks every operation first (nothing is applied when one is refused), then applies them in order. */
export const applyPatch = (
  kind: EmulatorKind,
  document: Record<string, unknown>,
  ops: readonly PatchOperation[],
): Record<string, unknown> => {
  for (const op of ops) {
    const reason = refusal(kind, op);
    if (reason !== undefined) throw badRequestMessage(reason);
  }
  const doc = structuredClone(document);
  for (const op of ops) applyOne(doc, op);
  return doc;
};
