import { isRecord } from '../../../shared/json';
import { RE2JS } from 're2js';
import type { KratosExtensionConfig } from '../../../shared/kratos/extension-meta-schema';
import { AJV_EXTENSION_KEYWORD } from './ajv-setup';
import { normalizePhoneHead } from '../../../shared/kratos/normalize';
import { resolvePointer } from './schema-walk';
import type { JsonObject } from '../../../shared/json';

/**
 * Kratos HEAD's `normalizePhoneTraits` (reference §2.4): before validation, every trait flagged `code.via=sms`,
 * `recovery.via=sms` or `verification.via=sms` is replaced by its E.164 form — under `allOf`/`anyOf`/`oneOf`,
 * arrays, shared `$ref`s and recursive schemas alike. An unparseable value is left as it is (validation then
 * fails on it). Copy-on-write: the caller's traits are never mutated. Runs on the compiled (renamed) schema.
 */
const isSmsFlagged = (config: unknown): boolean => {
  if (!isRecord(config)) return false;
  const c = config as KratosExtensionConfig;
  return (
    (c.credentials?.code?.identifier === true && c.credentials.code.via === 'sms') ||
    c.recovery?.via === 'sms' ||
    c.verification?.via === 'sms'
  );
};

/** True when any node of the schema document flags an sms channel (so the rewrite can be skipped entirely). */
export const hasSmsTraits = (schema: unknown): boolean => {
  const stack: unknown[] = [schema];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (isRecord(node)) {
      if (isSmsFlagged(node[AJV_EXTENSION_KEYWORD])) return true;
      stack.push(...Object.values(node));
    }
  }
  return false;
};

const patternCache = new Map<string, RE2JS | null>();
const patternTest = (pattern: string, key: string): boolean => {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch {
      re = null;
    }
    patternCache.set(pattern, re);
  }
  return re !== null && re.test(key);
};

const setOwn = (target: object, key: string | number, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};

class Rewriter {
  constructor(private readonly root: unknown) {}

  visit(schema: unknown, value: unknown, depth: number): unknown {
    if (!isRecord(schema) || depth > 512) return value;
    const ref = schema['$ref'];
    if (typeof ref === 'string') return this.visit(resolvePointer(this.root, ref), value, depth + 1);
    let v = value;
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = schema[key];
      if (Array.isArray(list)) for (const sub of list) v = this.visit(sub, v, depth + 1);
    }
    for (const key of ['if', 'then', 'else'] as const) v = this.visit(schema[key], v, depth + 1);
    if (typeof v === 'string' && isSmsFlagged(schema[AJV_EXTENSION_KEYWORD])) return normalizePhoneHead(v) ?? v;
    if (Array.isArray(v)) return this.visitArray(schema, v, depth);
    if (isRecord(v)) return this.visitObject(schema, v, depth);
    return v;
  }

  private visitArray(schema: JsonObject, arr: unknown[], depth: number): unknown[] {
    const items = schema['items'];
    let out = arr;
    arr.forEach((item, i) => {
      const sub = Array.isArray(items) ? (i < items.length ? items[i] : schema['additionalItems']) : items;
      const next = this.visit(sub, item, depth + 1);
      if (next !== item) {
        if (out === arr) out = [...arr];
        out[i] = next;
      }
    });
    return out;
  }

  private visitObject(schema: JsonObject, obj: JsonObject, depth: number): JsonObject {
    const props = isRecord(schema['properties']) ? schema['properties'] : {};
    const patterns = isRecord(schema['patternProperties']) ? Object.entries(schema['patternProperties']) : [];
    let out = obj;
    for (const key of Object.keys(obj)) {
      const subs: unknown[] = [];
      if (Object.prototype.hasOwnProperty.call(props, key)) subs.push(props[key]);
      for (const [pattern, sub] of patterns) if (patternTest(pattern, key)) subs.push(sub);
      if (subs.length === 0) subs.push(schema['additionalProperties']);
      let next = obj[key];
      for (const sub of subs) next = this.visit(sub, next, depth + 1);
      if (next !== obj[key]) {
        if (out === obj) out = { ...obj };
        setOwn(out, key, next);
      }
    }
    return out;
  }
}

/** The document `{traits}` with sms-flagged traits in E.164; the same object when nothing changed. */
export const rewritePhoneTraits = (schema: unknown, document: { traits: unknown }): { traits: unknown } =>
  new Rewriter(schema).visit(schema, document, 0) as { traits: unknown };
