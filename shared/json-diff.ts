import type { JsonPatchOperation } from './domain/identity';
import { escapeToken, isRecord as isObject } from './json';


/** Deep equality of JSON values (key order does not matter). */
export const jsonEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
};

/**
 * A minimal JSON Patch turning `before` into `after`. Objects are diffed key by key; arrays are
 * replaced whole, because index-wise diffs of reordered arrays are unreadable in an audit view
 * and fragile to revert.
 */
export const jsonDiff = (before: unknown, after: unknown, path = ''): JsonPatchOperation[] => {
  if (jsonEqual(before, after)) return [];
  if (!isObject(before) || !isObject(after)) return [{ op: 'replace', path, value: after }];
  const ops: JsonPatchOperation[] = [];
  for (const key of Object.keys(before)) {
    if (!(key in after)) ops.push({ op: 'remove', path: `${path}/${escapeToken(key)}` });
  }
  for (const [key, value] of Object.entries(after)) {
    const child = `${path}/${escapeToken(key)}`;
    if (!(key in before)) ops.push({ op: 'add', path: child, value });
    else ops.push(...jsonDiff(before[key], value, child));
  }
  return ops;
};

/** True when one path is the other or lies inside it: the two changes touched the same field. */
export const pathsOverlap = (a: string, b: string): boolean => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`) || a === '' || b === '';
