import type { ErrorObject } from 'ajv';
import type { ValidationIssue } from '../../../shared/errors';
import { AJV_EXTENSION_KEYWORD } from './ajv-setup';
import {
  MESSAGE_IDS,
  formatMessageId,
  goJsonType,
  goQuote,
  goQuoteString,
  kratosPointer,
} from '../../../shared/kratos/messages';
import { RE2JS } from 're2js';
import { unescapeToken } from '../../../shared/json';

/**
 * ajv errors → Kratos issues (reference §3.4, §7.5): ory/jsonschema's leaf texts and `text/id.go` message ids,
 * `#/traits/…` pointers escaped like Go (`url.PathEscape`), `required` and `additionalProperties` grouped on the
 * parent, nothing reported below a failed `type` (ory/jsonschema returns early), the branches of a failed
 * `anyOf`/`oneOf` folded into that one error, and `if` wrappers dropped in favour of the `then`/`else` leaves.
 */
type AjvError = ErrorObject<string, Record<string, unknown>, unknown>;

const pointerOf = (instancePath: string, extra?: string): string => {
  const tokens = instancePath === '' ? [] : instancePath.slice(1).split('/').map(unescapeToken);
  if (extra !== undefined) tokens.push(extra);
  return kratosPointer(tokens);
};

// The same few instance paths fail across a million identities: memoize their Kratos pointers (bounded).
const POINTER_MEMO_LIMIT = 4096;
const pointerMemo = new Map<string, string>();
const instancePointer = (instancePath: string): string => {
  let pointer = pointerMemo.get(instancePath);
  if (pointer === undefined) {
    pointer = pointerOf(instancePath);
    if (pointerMemo.size >= POINTER_MEMO_LIMIT) pointerMemo.clear();
    pointerMemo.set(instancePath, pointer);
  }
  return pointer;
};

const codePoints = (v: unknown): number => (typeof v === 'string' ? Array.from(v).length : 0);

/** Go `%#v` of a decoded JSON primitive, as ory/jsonschema prints a failed `const`. */
const goValue = (v: unknown): string =>
  typeof v === 'string' ? goQuoteString(v) : v === null ? '<nil>' : String(v);

const enumMessage = (values: unknown): string => {
  const items = Array.isArray(values) ? values.map((v) => JSON.stringify(v)) : [];
  return items.length === 1 ? `value must be ${items[0] ?? ''}` : `value must be one of ${items.join(', ')}`;
};

const regexDetail = (pattern: unknown): string => {
  if (typeof pattern !== 'string') return '';
  try {
    RE2JS.compile(pattern);
    return '';
  } catch (err) {
    return `: ${err instanceof Error ? err.message : String(err)} (Kratos uses Go RE2: no look-around, no back-references)`;
  }
};

const SIMPLE: Record<string, (e: AjvError) => [string, number?]> = {
  type: (e) => {
    const types = Array.isArray(e.schema) ? (e.schema as string[]) : [String(e.schema)];
    return [`expected ${types.join(' or ')}, but got ${goJsonType(e.data)}`, MESSAGE_IDS.type];
  },
  const: (e) =>
    typeof e.schema === 'object' && e.schema !== null
      ? ['const failed', MESSAGE_IDS.constGeneric]
      : [`value must be ${goValue(e.schema)}`, MESSAGE_IDS.constValue],
  enum: (e) => [enumMessage(e.schema)],
  format: (e) => {
    const message = `${goQuote(e.data)} is not valid ${goQuoteString(String(e.schema))}`;
    const detail = e.schema === 'regex' ? regexDetail(e.data) : '';
    return [message + detail, formatMessageId(message)];
  },
  pattern: (e) => [`does not match pattern ${goQuoteString(String(e.schema))}`, MESSAGE_IDS.pattern],
  minLength: (e) => [`length must be >= ${String(e.schema)}, but got ${codePoints(e.data)}`, MESSAGE_IDS.minLength],
  maxLength: (e) => [`length must be <= ${String(e.schema)}, but got ${codePoints(e.data)}`, MESSAGE_IDS.maxLength],
  minimum: (e) => [`must be >= ${String(e.schema)} but found ${String(e.data)}`, MESSAGE_IDS.minimum],
  exclusiveMinimum: (e) => [`must be > ${String(e.schema)} but found ${String(e.data)}`, MESSAGE_IDS.exclusiveMinimum],
  maximum: (e) => [`must be <= ${String(e.schema)} but found ${String(e.data)}`, MESSAGE_IDS.maximum],
  exclusiveMaximum: (e) => [`must be < ${String(e.schema)} but found ${String(e.data)}`, MESSAGE_IDS.exclusiveMaximum],
  multipleOf: (e) => [`${String(e.data)} not multipleOf ${String(e.schema)}`, MESSAGE_IDS.multipleOf],
  minItems: (e) => [`minimum ${String(e.schema)} items allowed, but found ${lengthOf(e.data)} items`, MESSAGE_IDS.minItems],
  maxItems: (e) => [`maximum ${String(e.schema)} items allowed, but found ${lengthOf(e.data)} items`, MESSAGE_IDS.maxItems],
  uniqueItems: (e) => {
    const [a, b] = [Number(e.params['i']), Number(e.params['j'])].sort((x, y) => x - y);
    return [`items at index ${a ?? 0} and ${b ?? 0} are equal`, MESSAGE_IDS.uniqueItems];
  },
  minProperties: (e) => [`minimum ${String(e.schema)} properties allowed, but found ${keysOf(e.data)} properties`],
  maxProperties: (e) => [`maximum ${String(e.schema)} properties allowed, but found ${keysOf(e.data)} properties`],
  dependencies: (e) => [
    `property ${goQuoteString(String(e.params['missingProperty']))} is required, if ${goQuoteString(String(e.params['property']))} property exists`,
  ],
  additionalItems: (e) => [`only ${String(e.params['limit'])} items are allowed, but found ${lengthOf(e.data)} items`],
  contains: () => ['contains failed'],
  not: () => ['not failed'],
  anyOf: () => ['anyOf failed'],
  oneOf: (e) => {
    const passing = e.params['passingSchemas'];
    return Array.isArray(passing)
      ? [`valid against schemas at indexes ${String(passing[0])} and ${String(passing[1])}`]
      : ['oneOf failed'];
  },
  'false schema': () => ['always fail'],
};

const lengthOf = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
const keysOf = (v: unknown): number => (typeof v === 'object' && v !== null ? Object.keys(v).length : 0);

const nodePath = (e: AjvError): string => e.schemaPath.slice(0, e.schemaPath.length - e.keyword.length - 1);

/** Errors ory/jsonschema would never produce: siblings and descendants of a failed `type`, composite causes. */
const suppressed = (errors: readonly AjvError[]): Set<AjvError> => {
  const hidden = new Set<AjvError>();
  const prefixes: { prefix: string; instancePath: string; keep: AjvError }[] = [];
  for (const e of errors) {
    if (e.keyword === 'type' || e.keyword === 'anyOf' || e.keyword === 'oneOf')
      prefixes.push({ prefix: e.keyword === 'type' ? `${nodePath(e)}/` : `${e.schemaPath}/`, instancePath: e.instancePath, keep: e });
    if (e.keyword === 'if' || e.keyword === 'propertyNames') hidden.add(e);
  }
  for (const e of errors)
    for (const p of prefixes)
      if (e !== p.keep && e.schemaPath.startsWith(p.prefix) && e.instancePath.startsWith(p.instancePath)) hidden.add(e);
  return hidden;
};

const grouped = (errors: readonly AjvError[], keyword: string, param: string): Map<string, { e: AjvError; names: string[] }> => {
  const out = new Map<string, { e: AjvError; names: string[] }>();
  for (const e of errors) {
    if (e.keyword !== keyword) continue;
    const key = `${e.instancePath}\u0000${e.schemaPath}`;
    const entry = out.get(key) ?? { e, names: [] };
    entry.names.push(String(e.params[param]));
    out.set(key, entry);
  }
  return out;
};

/** Converts ajv's errors (ajv run with `allErrors` and `verbose`) to Kratos-style issues. */
export const toIssues = (errors: readonly AjvError[] | null | undefined): ValidationIssue[] => {
  if (!errors || errors.length === 0) return [];
  // Most invalid identities fail leaf keywords only (a format, a pattern, an extension hook): nothing to hide or
  // group, so no Sets and Maps per identity.
  if (errors.every((e) => !STRUCTURAL.has(e.keyword))) return errors.map(leafIssue);
  const hidden = suppressed(errors);
  const visible = errors.filter((e) => !hidden.has(e));
  const issues: ValidationIssue[] = [];
  const emitted = new Set<string>();
  const required = grouped(visible, 'required', 'missingProperty');
  const additional = grouped(visible, 'additionalProperties', 'additionalProperty');
  for (const e of visible) {
    const key = `${e.instancePath}\u0000${e.schemaPath}`;
    if (e.keyword === 'required' || e.keyword === 'additionalProperties') {
      if (emitted.has(key)) continue;
      emitted.add(key);
      const group = (e.keyword === 'required' ? required : additional).get(key);
      const names = (group?.names ?? []).map(goQuoteString).join(', ');
      issues.push(
        e.keyword === 'required'
          ? { pointer: instancePointer(e.instancePath), keyword: 'required', source: 'jsonschema', message: `missing properties: ${names}`, messageId: MESSAGE_IDS.required }
          : { pointer: instancePointer(e.instancePath), keyword: 'additionalProperties', source: 'jsonschema', message: `additionalProperties ${names} not allowed`, messageId: MESSAGE_IDS.generic },
      );
      continue;
    }
    issues.push(leafIssue(e));
  }
  return issues;
};

/** Keywords whose errors are hidden, grouped or fold others (see `suppressed` and `grouped`). */
const STRUCTURAL = new Set(['type', 'anyOf', 'oneOf', 'if', 'propertyNames', 'required', 'additionalProperties']);

/** One error that needs no grouping: an extension hook's message or a keyword's leaf text. */
const leafIssue = (e: AjvError): ValidationIssue => {
  if (e.keyword === AJV_EXTENSION_KEYWORD) {
    const message = String(e.params['message'] ?? '');
    return { pointer: instancePointer(e.instancePath), keyword: null, source: 'extension', message, messageId: formatMessageId(message) ?? MESSAGE_IDS.generic };
  }
  const make = SIMPLE[e.keyword];
  const [message, messageId] = make ? make(e) : [`${e.keyword} failed`];
  return { pointer: instancePointer(e.instancePath), keyword: e.keyword, source: 'jsonschema', message, messageId: messageId ?? MESSAGE_IDS.generic };
};
