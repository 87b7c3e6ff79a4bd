import { isRecord } from '../../../shared/json';
import { Ajv, _ } from 'ajv';
import type { CodeKeywordDefinition, KeywordCxt, Options } from 'ajv';
import type { RegExpEngine } from 'ajv/dist/types';
import { RE2JS } from 're2js';
import type { KratosExtensionConfig } from '../../../shared/kratos/extension-meta-schema';
import { kratosFormat } from '../../../shared/kratos/formats';
import { KratosDerivation, compileExtensionPlan } from '../../../shared/kratos/derive';
import { nativeEquivalent } from './fast-pattern';
import { VALIDATION_LIMITS } from './limits';

/**
 * One ajv instance configured to behave like ory/jsonschema (reference §3.1, §7):
 * - `pattern`/`patternProperties` run on RE2 (re2js), so Go's regex semantics hold and look-around fails;
 * - `format` is Kratos's registry: applies to any JSON type (a non-string fails), unknown names are ignored;
 * - `ory.sh/kratos` runs the extension hooks against the derivation of the identity being validated;
 * - `$ref` siblings are ignored, unknown keywords are ignored (`strict: false`), all errors are collected.
 */

/**
 * ajv keyword names cannot contain `.` or `/`, so `ory.sh/kratos` is renamed to this in schema positions just
 * before compiling (refs.ts); meta checks and issues still use the real name.
 */
export const AJV_EXTENSION_KEYWORD = 'x_ory_sh_kratos';

/** RE2 in ajv's RegExp slot. RE2JS.test is a search, like Go's `MatchString`. */
export const re2Engine: RegExpEngine = Object.assign(
  (pattern: string) => {
    if (pattern.length > VALIDATION_LIMITS.maxPatternLength)
      throw new Error(`pattern is longer than ${VALIDATION_LIMITS.maxPatternLength} characters`);
    const re2 = RE2JS.compile(pattern); // always: RE2 decides validity, as Go does
    return nativeEquivalent(pattern) ?? re2;
  },
  // Only used by ajv's standalone code generation, which this engine never uses.
  { code: 'RE2JS.compile' },
);


const TYPE_TESTS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  array: (v) => Array.isArray(v),
  object: isRecord,
};

/**
 * ory/jsonschema returns before running extensions when the node's `type` does not match (reference §2.2).
 * Chosen at compile time: null when any value passes (no `type`), else the single test or their disjunction.
 */
const typeMatcher = (type: unknown): ((v: unknown) => boolean) | null => {
  const types = typeof type === 'string' ? [type] : Array.isArray(type) ? type.filter((t) => typeof t === 'string') : [];
  if (types.length === 0) return null;
  const tests = types
    .filter((t) => Object.prototype.hasOwnProperty.call(TYPE_TESTS, t as string))
    .map((t) => TYPE_TESTS[t as string] as (v: unknown) => boolean);
  if (tests.length === 1) return tests[0] as (v: unknown) => boolean;
  return (v) => tests.some((t) => t(v));
};

/**
 * The derivation of the identity being validated arrives as ajv's context (`passContext`): the engine calls
 * `validate.call(derivation, document)`, and ajv hands `this` down to every subschema. Without one (the meta
 * checks), the hooks do not run.
 */
type ExtensionRunner = (derivation: KratosDerivation | undefined, value: unknown) => string | null;

/** Everything per node (hooks, type test, format) is resolved here, once per schema node at compile time. */
const makeExtensionRunner = (config: KratosExtensionConfig, parentSchema: Record<string, unknown>): ExtensionRunner => {
  const plan = compileExtensionPlan(config);
  const matches = typeMatcher(parentSchema['type']);
  const format = typeof parentSchema['format'] === 'string' ? parentSchema['format'] : undefined;
  if (plan.emailOnly && matches === TYPE_TESTS['string'])
    return (d, value) => {
      if (!(d instanceof KratosDerivation) || typeof value !== 'string') return null;
      return d.isHead ? d.runPlan(plan, value, format) : d.runEmailOnlyV26(plan, value, format);
    };
  if (matches === null) return (d, value) => (d instanceof KratosDerivation ? d.runPlan(plan, value, format) : null);
  return (d, value) => (d instanceof KratosDerivation && matches(value) ? d.runPlan(plan, value, format) : null);
};

const extensionKeyword: CodeKeywordDefinition = {
  keyword: AJV_EXTENSION_KEYWORD,
  schemaType: 'object',
  error: {
    message: ({ params }) => _`${params['message'] ?? _`""`}`,
    params: ({ params }) => _`{message: ${params['message'] ?? _`""`}}`,
  },
  code(cxt: KeywordCxt) {
    const { gen, data, schema, parentSchema } = cxt;
    const run = gen.scopeValue('keyword', {
      ref: makeExtensionRunner(schema as KratosExtensionConfig, parentSchema as Record<string, unknown>),
    });
    const message = gen.const('extMessage', _`${run}(this, ${data})`);
    cxt.setParams({ message });
    cxt.fail(_`${message} !== null`);
  },
};

const formatKeyword: CodeKeywordDefinition = {
  keyword: 'format',
  schemaType: 'string',
  code(cxt: KeywordCxt) {
    const check = kratosFormat(cxt.schema as string);
    if (check === null) return; // Kratos ignores unknown format names.
    const fn = cxt.gen.scopeValue('formats', { ref: check });
    cxt.fail(_`!${fn}(${cxt.data})`);
  },
};

/** Unicode code points, as Go's `utf8.RuneCountInString` counts the length that `minLength`/`maxLength` limit. */
export const codePointLength = (s: string): number => {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
};

/**
 * `minLength`/`maxLength` with ajv's semantics (code points), minus the count where the UTF-16 length already
 * decides: a string has at most `length` code points and at least `length / 2`. Identifiers are checked a
 * million times in "validate all", and most are far inside their limits.
 */
const lengthKeyword = (keyword: 'minLength' | 'maxLength'): CodeKeywordDefinition => ({
  keyword,
  type: 'string',
  schemaType: 'number',
  error: {
    message: ({ schema }) => _`${keyword === 'maxLength' ? 'must NOT have more than ' : 'must NOT have fewer than '}${schema as number} characters`,
    params: ({ schema }) => _`{limit: ${schema as number}}`,
  },
  code(cxt: KeywordCxt) {
    const { gen, data } = cxt;
    const limit = cxt.schema as number;
    const count = gen.scopeValue('func', { ref: codePointLength });
    if (keyword === 'maxLength') cxt.fail(_`${data}.length > ${limit} && ${count}(${data}) > ${limit}`);
    else cxt.fail(_`${data}.length < ${limit} || (${data}.length < ${limit * 2} && ${count}(${data}) < ${limit})`);
  },
});

const BASE_OPTIONS: Options = {
  allErrors: true,
  strict: false,
  verbose: true,
  messages: false,
  logger: false,
  inlineRefs: false,
  ignoreKeywordsWithRef: true,
  ownProperties: true,
  passContext: true,
  addUsedSchema: false,
  code: { regExp: re2Engine, optimize: true },
};

/** A fresh ajv with Kratos's formats, regex engine and (optionally) the extension keyword. */
export const createKratosAjv = (options: { extension: boolean; validateSchema?: boolean }): Ajv => {
  const ajv = new Ajv({ ...BASE_OPTIONS, validateSchema: options.validateSchema ?? false });
  ajv.removeKeyword('format');
  ajv.addKeyword(formatKeyword);
  for (const keyword of ['minLength', 'maxLength'] as const) {
    ajv.removeKeyword(keyword);
    ajv.addKeyword(lengthKeyword(keyword));
  }
  if (options.extension) ajv.addKeyword(extensionKeyword);
  return ajv;
};
