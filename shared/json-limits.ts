/**
 * Bounds for JSON documents that come from outside (traits, metadata, patch values): the router checks them at the
 * boundary, the write path checks them again (imports do not pass the router), and the sandbox uses the same numbers.
 * Pure and iterative, so a 100,000-deep document is measured without overflowing the stack it is meant to protect.
 */
import { escapeToken } from './json';

/** Hard limits: a document beyond any of them is refused with LIMIT_EXCEEDED on every write path. */
export const DOCUMENT_LIMITS = {
  /** Serialized size in UTF-8 bytes (Kratos reads at most 1 MiB of a schema; a document gets the same). */
  maxBytes: 1024 * 1024,
  /** Nesting depth (SQLite's JSON functions stop at 1,000; validation recursion needs far less). */
  maxDepth: 256,
  /** Items of one array. */
  maxArrayItems: 10_000,
} as const;

/**
 * Below these a document validates on the host's thread as before: even `uniqueItems` (which ajv checks in
 * O(items² × item size)) costs at most about 256 × 64 KiB byte comparisons, a few milliseconds. Above them the
 * write is first validated in the sandbox worker under its time limit.
 */
export const INLINE_LIMITS = {
  maxBytes: 64 * 1024,
  maxArrayItems: 256,
} as const;

export interface JsonMeasure {
  /** Serialized size in UTF-8 bytes, approximate for escapes (counted as one byte); stops growing past `stopAt`. */
  bytes: number;
  depth: number;
  /** Items of the longest array. */
  maxArrayItems: number;
  /** Pointer of the deepest value or the longest array, for error messages. */
  pointer: string;
}


const utf8Length = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : 3;
  }
  return n;
};

const scalarBytes = (value: unknown): number => {
  if (typeof value === 'string') return utf8Length(value) + 2;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value).length;
  return 4; // null (undefined and functions vanish in JSON; counting them as null only over-estimates)
};

/**
 * Size, depth and longest array of a JSON value. The walk ends early once `stopAt` (bytes, depth or items) is
 * passed: the caller only needs to know that a limit is exceeded, not by how much.
 */
export const measureJson = (root: unknown, stopAt: { maxBytes: number; maxDepth?: number; maxArrayItems: number } = DOCUMENT_LIMITS): JsonMeasure => {
  const maxDepth = stopAt.maxDepth ?? Number.POSITIVE_INFINITY;
  const result: JsonMeasure = { bytes: 0, depth: 0, maxArrayItems: 0, pointer: '' };
  const stack: [unknown, number, string][] = [[root, 0, '']];
  while (stack.length > 0) {
    const [value, depth, pointer] = stack.pop() as [unknown, number, string];
    if (typeof value !== 'object' || value === null) {
      result.bytes += scalarBytes(value) + 1;
      if (result.bytes > stopAt.maxBytes) return result;
      continue;
    }
    if (depth + 1 > result.depth) {
      result.depth = depth + 1;
      if (result.depth > maxDepth) return { ...result, pointer };
    }
    if (Array.isArray(value)) {
      result.bytes += 2 + value.length;
      if (value.length > result.maxArrayItems) {
        result.maxArrayItems = value.length;
        result.pointer = pointer;
        if (value.length > stopAt.maxArrayItems) return result;
      }
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], depth + 1, `${pointer}/${i}`]);
    } else {
      const keys = Object.keys(value);
      result.bytes += 2;
      for (const key of keys) {
        result.bytes += utf8Length(key) + 4;
        stack.push([(value as Record<string, unknown>)[key], depth + 1, `${pointer}/${escapeToken(key)}`]);
      }
    }
    if (result.bytes > stopAt.maxBytes) return result;
  }
  return result;
};

/** Why a document is over the hard limits, with the pointer of the offending part; null when it is within them. */
export const documentLimitProblem = (value: unknown, at = '#'): { pointer: string; message: string } | null => {
  const m = measureJson(value, DOCUMENT_LIMITS);
  if (m.bytes > DOCUMENT_LIMITS.maxBytes) return { pointer: at, message: `is larger than ${DOCUMENT_LIMITS.maxBytes} bytes` };
  if (m.depth > DOCUMENT_LIMITS.maxDepth) return { pointer: `${at}${m.pointer}`, message: `is nested deeper than ${DOCUMENT_LIMITS.maxDepth} levels` };
  if (m.maxArrayItems > DOCUMENT_LIMITS.maxArrayItems)
    return { pointer: `${at}${m.pointer}`, message: `has more than ${DOCUMENT_LIMITS.maxArrayItems} items` };
  return null;
};

/** True when a document is small enough to validate on the host's thread (see INLINE_LIMITS). */
export const fitsInline = (value: unknown): boolean => {
  const m = measureJson(value, INLINE_LIMITS);
  return m.bytes <= INLINE_LIMITS.maxBytes && m.maxArrayItems <= INLINE_LIMITS.maxArrayItems;
};

/**
 * The JSON Schema keyword the router understands for "any JSON within DOCUMENT_LIMITS" (shared/api params stay plain
 * data; electron/ipc/router.ts implements the keyword with `documentLimitProblem`).
 */
export const BOUNDED_JSON_KEYWORD = 'x-bounded-json';
