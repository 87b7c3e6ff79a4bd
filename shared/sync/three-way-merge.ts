import type { JsonPatchOperation } from '../domain/identity';
import type { ConflictField, FieldChange } from '../domain/sync';
import { jsonDiff, jsonEqual, pathsOverlap } from '../json-diff';
import { isRecord, pointerTokens } from '../json';
import type { JsonObject } from './identity-view';
import { valueAt } from './identity-view';

/**
 * The field-level three-way merge of sync (design §8, issue 12 point 7). Kratos has no ETag, so the
 * base is the remote version last pulled; a change made on one side only is kept, the same change
 * on both sides is one change, and different changes to the same field (or to a field and a field
 * inside it) are a conflict for a person. All three are editable views (`editableView`).
 */
export interface MergeResult {
  /** The remote view with every local change that does not conflict. */
  merged: JsonObject;
  /** What to send: the operations turning the remote view into `merged`. */
  toRemote: JsonPatchOperation[];
  /** Local changes that merged without a conflict (the UI lists them). */
  localChanges: FieldChange[];
  /** Remote changes taken into the local copy. */
  remoteChanges: FieldChange[];
  conflicts: ConflictField[];
}

export const changesBetween = (from: JsonObject, to: JsonObject): FieldChange[] =>
  jsonDiff(from, to).map((op) => ({ pointer: op.path, ...defined('before', valueAt(from, op.path)), ...defined('after', valueAt(to, op.path)) }));

const defined = <K extends string>(key: K, value: unknown): Partial<Record<K, unknown>> => (value === undefined ? {} : ({ [key]: value } as Record<K, unknown>));

export const threeWayMerge = (base: JsonObject, local: JsonObject, remote: JsonObject): MergeResult => {
  const localOps = jsonDiff(base, local);
  const remoteOps = jsonDiff(base, remote);
  const conflictPaths: string[] = [];
  const applied: JsonPatchOperation[] = [];
  for (const op of localOps) {
    const overlapping = remoteOps.filter((r) => pathsOverlap(op.path, r.path));
    if (overlapping.length === 0) {
      applied.push(op);
      continue;
    }
    // Both sides touched this field: the same result on both is one change, anything else is a conflict.
    const paths = [op.path, ...overlapping.map((r) => r.path)];
    const same = paths.every((p) => jsonEqual(valueAt(local, p), valueAt(remote, p)));
    if (!same) conflictPaths.push(paths.reduce((a, b) => (a.length <= b.length ? a : b)));
  }
  const unique = [...new Set(conflictPaths)].filter((p, _, all) => !all.some((q) => q !== p && q.length < p.length && pathsOverlap(p, q)));
  const keep = applied.filter((op) => !unique.some((c) => pathsOverlap(op.path, c)));
  const merged = applyOps(remote, keep);
  return {
    merged,
    toRemote: jsonDiff(remote, merged),
    localChanges: keep.map((op) => ({ pointer: op.path, ...defined('before', valueAt(base, op.path)), ...defined('after', valueAt(local, op.path)) })),
    remoteChanges: remoteOps
      .filter((op) => !unique.some((c) => pathsOverlap(op.path, c)))
      .map((op) => ({ pointer: op.path, ...defined('before', valueAt(base, op.path)), ...defined('after', valueAt(remote, op.path)) })),
    conflicts: unique.map((pointer) => ({
      pointer,
      ...defined('base', valueAt(base, pointer)),
      ...defined('local', valueAt(local, pointer)),
      ...defined('remote', valueAt(remote, pointer)),
    })),
  };
};

/** JSON values only; JSON.parse makes a `__proto__` key an own property, never a prototype. */
const cloneJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Sets (value given) or removes (undefined) the value at a pointer, creating parent objects; returns a new document. */
export const setAt = (doc: JsonObject, pointer: string, value: unknown): JsonObject => {
  const tokens = pointerTokens(pointer);
  if (tokens.length === 0) return isRecord(value) ? cloneJson(value) : doc;
  const root = cloneJson(doc);
  let node: JsonObject = root;
  for (const token of tokens.slice(0, -1)) {
    const next = Object.prototype.hasOwnProperty.call(node, token) ? node[token] : undefined;
    if (!isRecord(next)) {
      if (value === undefined) return root;
      const created: JsonObject = {};
      Object.defineProperty(node, token, { value: created, enumerable: true, writable: true, configurable: true });
      node = created;
    } else node = next;
  }
  const last = tokens.at(-1) as string;
  if (value === undefined) delete node[last];
  else Object.defineProperty(node, last, { value: cloneJson(value), enumerable: true, writable: true, configurable: true });
  return root;
};

/** Applies diff operations (add/replace/remove over object keys; arrays are whole values) to a copy. */
export const applyOps = (doc: JsonObject, ops: readonly JsonPatchOperation[]): JsonObject =>
  ops.reduce((acc, op) => setAt(acc, op.path, op.op === 'remove' ? undefined : op.value), doc);
