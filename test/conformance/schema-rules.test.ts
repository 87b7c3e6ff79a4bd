import { describe, expect, it } from 'vitest';
import { createValidationEngine } from '../../electron/services/validation/index';
import { AppError } from '../../shared/errors';
import { identitySchema } from './helpers';

/** Reference §2.1 (extension meta-schema), §3.1 (dialect), §3.2 (identity meta-rules), §3.5 ($ref policy). */
const engine = createValidationEngine();

const schemaError = (schema: unknown): AppError => {
  try {
    engine.compile(schema);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the schema to be refused');
};

const issues = (err: AppError) => (err.details as { issues: { pointer: string; message: string }[] }).issues;

const email = { type: 'string', format: 'email' };

describe('conformance: schema rules', () => {
  it('§2.1 "identifier": 0 → expected boolean, but got number', () => {
    const err = schemaError(identitySchema({ e: { ...email, 'ory.sh/kratos': { credentials: { password: { identifier: 0 } } } } }));
    expect(err.code).toBe('SCHEMA_INVALID');
    expect(issues(err)).toEqual([expect.objectContaining({
      pointer: '#/properties/traits/properties/e/ory.sh~1kratos/credentials/password/identifier',
      message: 'expected boolean, but got number',
    })]);
  });
  it('§2.1 an unknown key in ory.sh/kratos is refused', () => {
    const err = schemaError(identitySchema({ e: { ...email, 'ory.sh/kratos': { credentials: { password: { identifer: true } } } } }));
    expect(issues(err)[0]?.message).toBe('additionalProperties "identifer" not allowed');
  });
  it('§2.1 recovery.via must be email or sms', () => {
    const err = schemaError(identitySchema({ e: { ...email, 'ory.sh/kratos': { recovery: { via: 'pigeon' } } } }));
    expect(issues(err)[0]?.message).toBe('value must be one of "email", "sms"');
  });
  it('§2.1 the meta-schema reaches nested subschemas (items)', () => {
    const err = schemaError(identitySchema({ l: { type: 'array', items: { type: 'string', 'ory.sh/kratos': { verification: 1 } } } }));
    expect(issues(err)[0]?.pointer).toBe('#/properties/traits/properties/l/items/ory.sh~1kratos/verification');
  });
  it('§2.1 organizations.matcher email_domain is accepted (v25.4.0+)', () => {
    expect(() => engine.compile(identitySchema({ e: { ...email, 'ory.sh/kratos': { organizations: { matcher: 'email_domain' } } } }))).not.toThrow();
  });
  it('§3.1 2020-12 $schema is refused (unknown $schema)', () => {
    const err = schemaError({ ...identitySchema({ e: email }), $schema: 'https://json-schema.org/draft/2020-12/schema' });
    expect(err.code).toBe('SCHEMA_INVALID');
    expect(err.message).toMatch(/unknown \$schema/);
  });
  it('§3.1 2019-09 $schema is refused', () => {
    expect(schemaError({ ...identitySchema({ e: email }), $schema: 'https://json-schema.org/draft/2019-09/schema' }).code).toBe('SCHEMA_INVALID');
  });
  it('§3.1 draft-04 boolean exclusiveMaximum is honoured', () => {
    const c = engine.compile({ ...identitySchema({ n: { type: 'number', maximum: 5, exclusiveMaximum: true } }), $schema: 'http://json-schema.org/draft-04/schema#' });
    expect(c.draft).toBe(4);
    expect(c.validate({ traits: { n: 5 } }).errors[0]?.message).toBe('must be < 5 but found 5');
    expect(c.validate({ traits: { n: 4.9 } }).valid).toBe(true);
  });
  it('§3.1 draft-06 ignores if/then/else (a draft-07 keyword)', () => {
    const s = { ...identitySchema({ n: { type: 'number', if: { minimum: 0 }, then: { maximum: 1 } } }), $schema: 'http://json-schema.org/draft-06/schema#' };
    expect(engine.compile(s).validate({ traits: { n: 5 } }).valid).toBe(true);
  });
  it('§3.1 look-around in pattern is a schema error naming the pointer', () => {
    const err = schemaError(identitySchema({ p: { type: 'string', pattern: '^(?!admin).*$' } }));
    expect(issues(err)[0]?.pointer).toBe('#/properties/traits/properties/p/pattern');
    expect(issues(err)[0]?.message).toMatch(/RE2/);
  });
  it('§3.1 back-references in patternProperties are a schema error', () => {
    const err = schemaError(identitySchema({ o: { type: 'object', patternProperties: { '(a)\\1': { type: 'string' } } } }));
    expect(err.code).toBe('SCHEMA_INVALID');
    expect(issues(err)[0]?.pointer).toBe('#/properties/traits/properties/o/patternProperties');
  });
  it('§3.2 {} is invalid (no traits)', () => {
    expect(issues(schemaError({}))[0]?.message).toBe('missing properties: "properties"');
  });
  it('§3.2 empty traits.properties: minimum 1 properties allowed', () => {
    expect(issues(schemaError(identitySchema({})))[0]?.message).toMatch(/^minimum 1 properties allowed, but found 0/);
  });
  it('§3.2 traits.type must be object', () => {
    const s = { properties: { traits: { type: 'array', properties: { a: email } } } };
    expect(issues(schemaError(s))[0]?.pointer).toBe('#/properties/traits/type');
  });
  it('§3.2 a direct trait must be an object schema, not a boolean', () => {
    expect(schemaError(identitySchema({ a: true })).code).toBe('SCHEMA_INVALID');
  });
  it('§3.2 / §6 embedx: verification with format "unknown" is invalid', () => {
    const err = schemaError(identitySchema({ e: { type: 'string', format: 'unknown', 'ory.sh/kratos': { verification: { via: 'email' } } } }));
    expect(issues(err)[0]?.pointer).toBe('#/properties/traits/properties/e/format');
  });
  it('§3.2 the simple email schema is valid', () => {
    expect(() => engine.compile(identitySchema({ email: { ...email, 'ory.sh/kratos': { credentials: { password: { identifier: true } }, verification: { via: 'email' } } } }, { required: ['email'] }))).not.toThrow();
  });
  it('§3.2 HEAD: {"$ref":"#"} cycle is refused', () => {
    const s = { ...identitySchema({ e: { $ref: '#/definitions/a' } }), definitions: { a: { $ref: '#/definitions/b' }, b: { $ref: '#/definitions/a' } } };
    expect(schemaError(s).message).toMatch(/self-referential \$ref cycle/);
  });
  it('§6 recursive schemas through properties are accepted', () => {
    const s = { ...identitySchema({ tree: { $ref: '#/definitions/node' } }), definitions: { node: { type: 'object', properties: { child: { $ref: '#/definitions/node' } } } } };
    expect(engine.compile(s).validate({ traits: { tree: { child: { child: {} } } } }).valid).toBe(true);
  });
  it('§3.5 file:// and https:// $ref are refused; base64:// is inlined', () => {
    expect(schemaError(identitySchema({ e: { $ref: 'file:///etc/passwd' } })).code).toBe('SCHEMA_INVALID');
    expect(schemaError(identitySchema({ e: { $ref: 'https://example.com/s.json' } })).code).toBe('SCHEMA_INVALID');
    const target = Buffer.from(JSON.stringify({ type: 'string', format: 'email', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } })).toString('base64');
    const r = engine.compile(identitySchema({ e: { $ref: `base64://${target}` } })).validate({ traits: { e: 'B64@X.io' } });
    expect(r.credentials['password']?.identifiers).toEqual(['b64@x.io']);
  });
  it('§6 64-level nesting is accepted', () => {
    let node: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 64; i++) node = { type: 'object', properties: { n: node } };
    expect(() => engine.compile(identitySchema({ deep: node }))).not.toThrow();
  });
});
