import { describe, expect, it } from 'vitest';
import { lintSchema } from '../../../electron/services/schemas/index';
import { createValidationEngine } from '../../../electron/services/validation/index';
import { wideSchema } from '../../../shared/schema-tools/index';

const traitsOf = (schema: Record<string, unknown>): Record<string, Record<string, unknown>> =>
  ((schema['properties'] as Record<string, Record<string, unknown>>)['traits'] as Record<string, unknown>)['properties'] as Record<
    string,
    Record<string, unknown>
  >;

describe('wideSchema', () => {
  it('has exactly N traits, the e-mail identifier first, then a rotation of kinds', () => {
    const traits = traitsOf(wideSchema(50));
    expect(Object.keys(traits)).toHaveLength(50);
    expect(Object.keys(traits).slice(0, 9)).toEqual([
      'email',
      'text_2',
      'count_3',
      'flag_4',
      'plan_5',
      'name_6',
      'score_7',
      'birthday_8',
      'text_9',
    ]);
    expect(traits['email']?.['ory.sh/kratos']).toEqual({
      credentials: { password: { identifier: true } },
      verification: { via: 'email' },
      recovery: { via: 'email' },
    });
    expect(Object.values(traits).map((t) => t['type'])).toEqual(
      expect.arrayContaining(['string', 'integer', 'boolean', 'object', 'number']),
    );
  });

  it('is a schema the Kratos engine compiles, with no linter errors, that accepts a sample identity', () => {
    const schema = wideSchema(50);
    const compiled = createValidationEngine().compile(schema);
    const result = compiled.validate({
      traits: { email: 'a@example.com', count_3: 4, flag_4: true, plan_5: 'pro', name_6: { first: 'A' } },
    });
    expect(result.valid).toBe(true);
    expect(compiled.validate({ traits: { email: 'a@example.com', plan_5: 'gold' } }).valid).toBe(false);
    expect(lintSchema(schema).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('is deterministic and returns fresh objects', () => {
    expect(wideSchema(12)).toEqual(wideSchema(12));
    const a = wideSchema(3);
    traitsOf(a)['email']!['title'] = 'changed';
    expect(traitsOf(wideSchema(3))['email']?.['title']).toBe('E-mail');
  });

  it('clamps odd counts to at least one whole trait', () => {
    expect(Object.keys(traitsOf(wideSchema(0)))).toEqual(['email']);
    expect(Object.keys(traitsOf(wideSchema(-3)))).toEqual(['email']);
    expect(Object.keys(traitsOf(wideSchema(Number.NaN)))).toEqual(['email']);
    expect(Object.keys(traitsOf(wideSchema(2.9)))).toEqual(['email', 'text_2']);
    expect(wideSchema(7)['$id']).toBe('https://schemas.identity-desk.dev/samples/wide-7.schema.json');
  });
});
