import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createValidationEngine } from '../../../electron/services/validation/index';
import { AppError } from '../../../shared/errors';

/** Property tests: arbitrary traits and small arbitrary schemas never escape the typed error model. */
const engine = createValidationEngine();

const kratosSchema = {
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email', 'ory.sh/kratos': { credentials: { password: { identifier: true }, code: { identifier: true, via: 'email' } }, verification: { via: 'email' }, recovery: { via: 'email' } } },
        phone: { type: 'string', format: 'tel', 'ory.sh/kratos': { credentials: { code: { identifier: true, via: 'sms' } }, verification: { via: 'sms' }, recovery: { via: 'sms' } } },
        tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' } },
      },
      additionalProperties: false,
    },
  },
};

const keyword = fc.constantFrom('type', 'format', 'pattern', 'minLength', 'enum', 'const', 'items', 'properties', '$ref', 'allOf', 'anyOf', 'not', 'required', 'ory.sh/kratos', 'minimum');
const smallSchema = fc.dictionary(keyword, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });

describe('property: the engine never throws outside AppError', () => {
  it('arbitrary JSON traits against a Kratos schema give a ValidationResult', () => {
    const compiled = engine.compile(kratosSchema);
    for (const profile of ['kratos-v26', 'ory-network'] as const) {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), (traits) => {
          const r = compiled.validate({ traits }, profile);
          expect(r.valid).toBe(r.errors.length === 0);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('arbitrary traits objects with the known keys derive only from strings that validate', () => {
    const compiled = engine.compile(kratosSchema);
    fc.assert(
      fc.property(fc.record({ email: fc.oneof(fc.emailAddress(), fc.string()), phone: fc.string() }, { requiredKeys: [] }), (traits) => {
        const r = compiled.validate({ traits }, 'ory-network');
        for (const e of r.errors) expect(e.pointer.startsWith('#/traits')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary small schemas either compile or throw AppError', () => {
    fc.assert(
      fc.property(smallSchema, fc.jsonValue({ maxDepth: 3 }), (trait, traits) => {
        const schema = { properties: { traits: { type: 'object', properties: { a: trait } } } };
        let compiled;
        try {
          compiled = engine.compile(schema);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect(['SCHEMA_INVALID', 'LIMIT_EXCEEDED']).toContain((err as AppError).code);
          return;
        }
        const r = compiled.validate({ traits: { a: traits } });
        expect(Array.isArray(r.errors)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
