/**
 * The one rule for keys and path segments that come from outside (issue 17, point 1): patch paths,
 * CSV mappings and headers, and later bulk and migration steps. A walk that follows `__proto__`,
 * `constructor` or `prototype` by ordinary property access reaches `Object.prototype` or a
 * constructor, and an assignment there poisons every object in the process. So path segments with
 * those names are refused, walks follow own properties only, and parsed data may not carry an own
 * `__proto__` key (JSON.parse makes one harmlessly, but the first `Object.assign` or `a[k] = v`
 * that copies it changes a prototype). `constructor` and `prototype` stay allowed as data keys: as
 * own properties they are plain data, and only a path walk could turn them into a reference.
 */
import { formatPointer } from './json';

export const FORBIDDEN_SEGMENTS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** True for a path segment no walk may follow. */
export const isForbiddenSegment = (segment: string): boolean => FORBIDDEN_SEGMENTS.includes(segment);

/** The first forbidden segment of a path, or undefined. */
export const forbiddenSegmentOf = (segments: readonly string[]): string | undefined => segments.find(isForbiddenSegment);

export const forbiddenSegmentMessage = (segment: string): string =>
  `the path segment "${segment}" is not allowed (it would reach an object's prototype)`;

/** The key data from outside may not hold: the only one whose assignment changes a prototype. */
export const PROTO_KEY = '__proto__';

/** Own enumerable property only: never a value inherited from a prototype. */
export const ownValue = (node: object, key: string): unknown =>
  Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<string, unknown>)[key] : undefined;

interface Visit {
  node: unknown;
  key: string | number | null;
  parent: Visit | null;
}

const pathOf = (visit: Visit): (string | number)[] => {
  const out: (string | number)[] = [];
  for (let v: Visit | null = visit; v !== null; v = v.parent) if (v.key !== null) out.push(v.key);
  return out.reverse();
};

/**
 * The `#/…` pointer of the first own `__proto__` key in a parsed JSON value, or null. Iterative with
 * parent links, so a hostile 100,000-deep document costs linear time and no stack.
 */
export const findProtoKey = (value: unknown, base: readonly (string | number)[] = []): string | null => {
  const stack: Visit[] = [{ node: value, key: null, parent: null }];
  while (stack.length > 0) {
    const visit = stack.pop() as Visit;
    const { node } = visit;
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      node.forEach((child: unknown, i) => stack.push({ node: child, key: i, parent: visit }));
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(node, PROTO_KEY)) return formatPointer([...base, ...pathOf(visit), PROTO_KEY]);
    for (const key of Object.keys(node)) stack.push({ node: (node as Record<string, unknown>)[key], key, parent: visit });
  }
  return null;
};

/** A JSON.parse that refuses an own `__proto__` key anywhere; the error names its pointer. */
export const parseJsonWithoutProto = (text: string): unknown => {
  const value: unknown = JSON.parse(text);
  const at = findProtoKey(value);
  if (at !== null) throw new SyntaxError(`JSON key "__proto__" is not allowed (at ${at})`);
  return value;
};
