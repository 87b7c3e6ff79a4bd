import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET_ID, lintSchema, PRESETS } from '../../../electron/services/schemas/index';
import { createValidationEngine } from '../../../electron/services/validation/index';

const dir = new URL('../../../schemas/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.schema.json'));
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>;

/** Traits each preset must accept, with what Kratos derives from them. */
const samples: Record<string, { traits: unknown; identifier: string; verifiable: number; recovery: number }> = {
  'username-password': { traits: { username: 'Alice.B' }, identifier: 'alice.b', verifiable: 0, recovery: 0 },
  'email-password': { traits: { email: 'Alice@Example.com' }, identifier: 'alice@example.com', verifiable: 1, recovery: 1 },
  'email-name-newsletter': {
    traits: { email: 'a@example.com', name: { first: 'Ada', last: 'L' }, newsletter: true },
    identifier: 'a@example.com',
    verifiable: 1,
    recovery: 1,
  },
  customer: { traits: { email: 'c@example.com', phone: '+16502530000' }, identifier: 'c@example.com', verifiable: 2, recovery: 1 },
  company: {
    traits: { email: 'e@acme.example', name: { first: 'E', last: 'M' }, job_title: 'CTO' },
    identifier: 'e@acme.example',
    verifiable: 1,
    recovery: 1,
  },
  admin: {
    traits: { email: 'ops@corp.example', name: { first: 'O' }, employee_id: 'E-1' },
    identifier: 'ops@corp.example',
    verifiable: 1,
    recovery: 1,
  },
};

describe('preset schemas', () => {
  it('every file in schemas/ is a registered preset, and the default is one of them', () => {
    expect(files.map((f) => f.replace(/\.schema\.json$/, '')).sort()).toEqual(PRESETS.map((p) => p.id).sort());
    expect(PRESETS.map((p) => p.id)).toContain(DEFAULT_PRESET_ID);
    expect(Object.keys(samples).sort()).toEqual(PRESETS.map((p) => p.id).sort());
  });

  for (const file of files) {
    const id = file.replace(/\.schema\.json$/, '');
    describe(id, () => {
      const schema = read(file);

      it('declares $id (with a version), draft-07 $schema and a title', () => {
        expect(schema['$id']).toMatch(new RegExp(`/${id}/v\\d+\\.schema\\.json$`));
        expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
        expect(typeof schema['title']).toBe('string');
      });

      it('passes the engine under both profiles', () => {
        for (const profile of ['kratos-v26', 'ory-network'] as const) {
          expect(() => createValidationEngine({ profile }).compile(schema)).not.toThrow();
        }
      });

      it('has no linter errors', () => {
        expect(lintSchema(schema).filter((f) => f.severity === 'error')).toEqual([]);
      });

      it('accepts its sample traits and derives the identifier and addresses', () => {
        const sample = samples[id];
        if (!sample) throw new Error(`no sample for ${id}`);
        const result = createValidationEngine().compile(schema).validate({ traits: sample.traits });
        expect(result.errors).toEqual([]);
        expect(result.valid).toBe(true);
        expect(result.credentials['password']?.identifiers).toContain(sample.identifier);
        expect(result.verifiable_addresses).toHaveLength(sample.verifiable);
        expect(result.recovery_addresses).toHaveLength(sample.recovery);
      });

      it('refuses unknown traits (additionalProperties: false)', () => {
        const sample = samples[id];
        const traits = { ...(sample?.traits as Record<string, unknown>), unexpected: 'x' };
        expect(createValidationEngine().compile(schema).validate({ traits }).valid).toBe(false);
      });
    });
  }
});
