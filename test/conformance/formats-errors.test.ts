import { describe, expect, it } from 'vitest';
import { isKratosEmail } from '../../shared/kratos/email';
import { KRATOS_FORMATS } from '../../shared/kratos/formats';
import { isKratosTel } from '../../shared/kratos/phone';
import { messages, run } from './helpers';

/** Reference §3.1 and §7.1–§7.3: Kratos's formats, not ajv-formats'. */
const emailCases: { ref: string; value: string; valid: boolean }[] = [
  { ref: '§7.1', value: 'admin@localhost', valid: true },
  { ref: '§7.1', value: '"john doe"@example.com', valid: true },
  { ref: '§7.1 / §6', value: 'föö@ory.sh', valid: true },
  { ref: '§6', value: 'foo😀@ory.sh', valid: true },
  { ref: '§7.1', value: 'ａｌｉｃｅ@example.com', valid: true },
  { ref: '§7.1', value: 'foo.@example.com', valid: false },
  { ref: '§7.1', value: '.foo@example.com', valid: false },
  { ref: '§7.1', value: 'fo..o@example.com', valid: false },
  { ref: '§6', value: 'foo@öry.sh', valid: false },
  { ref: '§6', value: 'bar@o😶ry.sh', valid: false },
  { ref: '§3.1 docs', value: 'user@domain_name.com', valid: false },
  { ref: '§3.1 docs', value: 'test_user_name@example.com', valid: true },
  { ref: '§3.1', value: `${'a'.repeat(65)}@example.com`, valid: false },
  { ref: '§3.1', value: `${'a'.repeat(64)}@example.com`, valid: true },
  { ref: '§3.1 (last @)', value: '"a@b"@example.com', valid: true },
  { ref: '§3.1', value: 'a@-example.com', valid: false },
  { ref: '§3.1', value: 'a@example-.com', valid: false },
  { ref: '§3.1', value: 'a@example.com.', valid: false },
  { ref: '§3.1', value: 'foobar', valid: false },
];

const telCases: { ref: string; value: unknown; valid: boolean }[] = [
  { ref: '§6', value: '+16453331111', valid: true },
  { ref: '§6', value: '12112112', valid: false },
  { ref: '§3.1 (no default region)', value: '6502530000', valid: false },
  { ref: '§6', value: '+1234', valid: false },
  { ref: '§3.1 (non-string fails)', value: 4915112345678, valid: false },
];

const formatCases: { ref: string; format: string; value: unknown; valid: boolean }[] = [
  { ref: '§3.1 date', format: 'date', value: '2024-02-29', valid: true },
  { ref: '§3.1 date', format: 'date', value: '2024-02-30', valid: false },
  { ref: '§3.1 date', format: 'date', value: '2023-02-29', valid: false },
  { ref: '§3.1 date-time', format: 'date-time', value: '2026-03-20T10:11:12.123456Z', valid: true },
  { ref: '§3.1 date-time', format: 'date-time', value: '2026-03-20T10:11:12+01:00', valid: true },
  { ref: '§3.1 date-time', format: 'date-time', value: '2026-03-20 10:11:12Z', valid: false },
  { ref: '§3.1 time', format: 'time', value: '10:11:12Z', valid: true },
  { ref: '§3.1 no-validate', format: 'no-validate', value: 'anything at all', valid: true },
  { ref: '§3.1 (non-string fails)', format: 'email', value: 5, valid: false },
  { ref: '§3.1 ipv4', format: 'ipv4', value: '192.168.0.256', valid: false },
  { ref: '§3.1 ipv6', format: 'ipv6', value: '::1', valid: true },
];

describe('conformance: formats (reference §3.1, §7)', () => {
  it.each(emailCases)('$ref email $value → $valid', ({ value, valid }) => {
    expect(isKratosEmail(value)).toBe(valid);
  });
  it.each(telCases)('$ref tel $value → $valid', ({ value, valid }) => {
    expect(isKratosTel(value)).toBe(valid);
  });
  it.each(formatCases)('$ref $format $value → $valid', ({ format, value, valid }) => {
    expect(KRATOS_FORMATS[format]?.(value)).toBe(valid);
  });
  it('§7.2 unknown format names are ignored, not fatal', () => {
    expect(run({ a: { type: 'string', format: 'unknown-format' } }, { a: 'x' }).valid).toBe(true);
  });
  it('§3.1 a format applies to non-strings (number with format email fails)', () => {
    expect(messages(run({ a: { format: 'email' } }, { a: 5 }))).toEqual(['"5" is not valid "email"']);
  });
  it('§7.4 pattern uses RE2 search semantics (unanchored)', () => {
    expect(run({ a: { type: 'string', pattern: 'b' } }, { a: 'abc' }).valid).toBe(true);
    expect(run({ a: { type: 'string', pattern: '^b' } }, { a: 'abc' }).valid).toBe(false);
  });
});

describe('conformance: error reporting (reference §3.4, §7.5)', () => {
  const cases: { ref: string; schema: Record<string, unknown>; traits: unknown; pointer: string; message: string; messageId?: number }[] = [
    { ref: '§6 validator_test', schema: { age: { type: 'integer', minimum: 1 } }, traits: { age: -1 }, pointer: '#/traits/age', message: 'must be >= 1 but found -1', messageId: 4000018 },
    { ref: '§3.4', schema: { bar: { type: 'string' } }, traits: { bar: 1 }, pointer: '#/traits/bar', message: 'expected string, but got number', messageId: 4000026 },
    { ref: '§3.4', schema: { n: { type: 'string', minLength: 3 } }, traits: { n: 'ab' }, pointer: '#/traits/n', message: 'length must be >= 3, but got 2', messageId: 4000003 },
    { ref: '§3.4 (code points)', schema: { n: { type: 'string', maxLength: 2 } }, traits: { n: '😀😀😀' }, pointer: '#/traits/n', message: 'length must be <= 2, but got 3', messageId: 4000017 },
    { ref: '§3.4', schema: { p: { enum: ['free', 'pro'] } }, traits: { p: 'x' }, pointer: '#/traits/p', message: 'value must be one of "free", "pro"', messageId: 4000001 },
    { ref: '§3.4', schema: { c: { const: 'x' } }, traits: { c: 'y' }, pointer: '#/traits/c', message: 'value must be "x"', messageId: 4000029 },
    { ref: '§3.4', schema: { l: { type: 'array', minItems: 2 } }, traits: { l: [1] }, pointer: '#/traits/l', message: 'minimum 2 items allowed, but found 1 items', messageId: 4000024 },
    { ref: '§3.4', schema: { l: { type: 'array', uniqueItems: true } }, traits: { l: [1, 2, 1] }, pointer: '#/traits/l', message: 'items at index 0 and 2 are equal', messageId: 4000025 },
    { ref: '§3.4', schema: { e: { type: 'string', format: 'email' } }, traits: { e: 'x' }, pointer: '#/traits/e', message: '"x" is not valid "email"', messageId: 4000040 },
    { ref: '§3.4', schema: { t: { type: 'string', format: 'tel' } }, traits: { t: 'x' }, pointer: '#/traits/t', message: '"x" is not valid "tel"', messageId: 4000041 },
    { ref: '§3.4 (pointer escaping)', schema: { 'first name': { type: 'string' } }, traits: { 'first name': 1 }, pointer: '#/traits/first%20name', message: 'expected string, but got number' },
    { ref: '§3.4', schema: { s: { type: 'string', pattern: '^[a-z]+$' } }, traits: { s: 'A' }, pointer: '#/traits/s', message: 'does not match pattern "^[a-z]+$"', messageId: 4000004 },
  ];
  it.each(cases)('$ref $message', ({ schema, traits, pointer, message, messageId }) => {
    const r = run(schema, traits);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ pointer, message, source: 'jsonschema', ...(messageId ? { messageId } : {}) });
  });
  it('§3.3 additionalProperties names the key at #/traits', () => {
    const r = runWithTraitsExtra({ additionalProperties: false }, { whatever: 1 });
    expect(r.errors).toEqual([{ pointer: '#/traits', keyword: 'additionalProperties', source: 'jsonschema', message: 'additionalProperties "whatever" not allowed', messageId: 4000001 }]);
  });
  it('§3.4 required: missing properties at the parent pointer', () => {
    const r = runWithTraitsExtra({ required: ['email', 'name'] }, {});
    expect(r.errors).toEqual([{ pointer: '#/traits', keyword: 'required', source: 'jsonschema', message: 'missing properties: "email", "name"', messageId: 4000002 }]);
  });
  it('§2.2 traits null stays null and fails type object', () => {
    expect(messages(run({ a: { type: 'string' } }, null))).toEqual(['expected object, but got null']);
  });
  it('§2.2 a type failure hides the other keywords of that node (early return)', () => {
    expect(messages(run({ a: { type: 'string', format: 'email', enum: ['x'] } }, { a: 3 }))).toEqual(['expected string, but got number']);
  });
});

import { createValidationEngine } from '../../electron/services/validation/index';
import { identitySchema } from './helpers';
const runWithTraitsExtra = (extra: Record<string, unknown>, traits: unknown) =>
  createValidationEngine().compile(identitySchema({ email: { type: 'string' }, name: { type: 'string' } }, extra)).validate({ traits });
