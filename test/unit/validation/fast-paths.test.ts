import { describe, expect, it } from 'vitest';
import { createValidationEngine } from '../../../electron/services/validation/index';
import { KratosDerivation, compileExtensionPlan } from '../../../shared/kratos/derive';
import type { KratosExtensionConfig } from '../../../shared/kratos/extension-meta-schema';
import { lowerTrim } from '../../../shared/kratos/normalize';

/**
 * The hot-path shortcuts of the validation engine must not change a single result: the kratos-v26 email fast
 * path equals the general hooks, one normalization stands for the persister's repeated ones, and reusing one
 * derivation across identities equals a fresh one per identity.
 */
describe('lowerTrim is idempotent (the kratos-v26 one-normalization shortcut relies on it)', () => {
  it('holds for every code point, alone and in context', () => {
    const failures: number[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      const ch = String.fromCodePoint(c);
      for (const s of [ch, `A${ch}`, `${ch}A`, ` Σ${ch}Σ `]) {
        const once = lowerTrim(s);
        if (lowerTrim(once) !== once) failures.push(c);
      }
    }
    expect(failures).toEqual([]);
  });
});

const CONFIGS: KratosExtensionConfig[] = [
  { credentials: { password: { identifier: true } } },
  { credentials: { password: { identifier: true }, webauthn: { identifier: true } }, verification: { via: 'email' } },
  { credentials: { password: { identifier: true } }, verification: { via: 'email' }, recovery: { via: 'email' } },
  { verification: { via: 'email' } },
  { recovery: { via: 'email' } },
] as KratosExtensionConfig[];

const VALUES = [
  'User.1@Example.com',
  '  Alice@Example.COM ',
  'alice@example.com',
  'broken.1.@example.com',
  'not-an-email',
  '',
  'İstanbul@Example.com',
  'ΑΣ@example.com',
  'ｏﬃce@example.com',
];

describe('the kratos-v26 email fast path', () => {
  it('equals the general hooks for every config, value and format', () => {
    for (const config of CONFIGS) {
      const fast = compileExtensionPlan(config);
      expect(fast.emailOnly).toBe(true);
      const general = { ...fast, emailOnly: false };
      for (const format of [undefined, 'email', 'no-validate']) {
        for (const value of VALUES) {
          const a = new KratosDerivation('kratos-v26');
          const b = new KratosDerivation('kratos-v26');
          // Twice, so de-duplication goes through the same steps too.
          const errorsA = [a.runPlan(fast, value, format), a.runPlan(fast, value.toUpperCase(), format)];
          const errorsB = [b.runPlan(general, value, format), b.runPlan(general, value.toUpperCase(), format)];
          expect(errorsA).toEqual(errorsB);
          expect(JSON.stringify(a.result())).toBe(JSON.stringify(b.result()));
        }
      }
    }
  });

  it('does not apply to code, sms or HEAD', () => {
    expect(compileExtensionPlan({ credentials: { code: { identifier: true, via: 'email' } } } as KratosExtensionConfig).emailOnly).toBe(false);
    expect(compileExtensionPlan({ verification: { via: 'sms' } } as KratosExtensionConfig).emailOnly).toBe(false);
    const plan = compileExtensionPlan({ recovery: { via: 'email' } } as KratosExtensionConfig);
    const d = new KratosDerivation('ory-network');
    expect(d.runPlan(plan, 'ｏﬃce@Example.com', 'email')).toBeNull();
    expect(d.result().recovery_addresses).toEqual([{ value: 'office@example.com', via: 'email' }]);
  });
});

describe('one compiled schema across identities', () => {
  const schema = {
    type: 'object',
    properties: {
      traits: {
        type: 'object',
        properties: {
          email: {
            type: 'string',
            format: 'email',
            'ory.sh/kratos': { credentials: { password: { identifier: true } }, verification: { via: 'email' }, recovery: { via: 'email' } },
          },
          emails: {
            type: 'array',
            items: { type: 'string', format: 'email', 'ory.sh/kratos': { credentials: { password: { identifier: true } }, recovery: { via: 'email' } } },
          },
          phone: { type: 'string', format: 'tel', 'ory.sh/kratos': { credentials: { code: { identifier: true, via: 'sms' } }, verification: { via: 'sms' } } },
        },
      },
    },
  };
  const identities = [
    { traits: { email: 'A@Example.com', phone: '+49 176 12345678' } },
    { traits: { email: 'broken.@example.com' } },
    { traits: { email: 'B@example.com', emails: Array.from({ length: 12 }, (_, i) => `x${i % 10}@Example.com`) } },
    { traits: {} },
    { traits: { email: 'C@example.com', phone: 'nope' } },
  ];

  it('gives each identity exactly what a fresh derivation gives, and results stay independent', () => {
    const compiled = createValidationEngine().compile(schema);
    for (const profile of ['kratos-v26', 'ory-network'] as const) {
      const results = identities.map((identity) => compiled.validate(identity, profile));
      const again = identities.map((identity) => JSON.parse(JSON.stringify(compiled.validate(identity, profile))) as unknown);
      expect(JSON.parse(JSON.stringify(results))).toEqual(again);
      for (const [i, identity] of identities.entries()) {
        const alone = createValidationEngine().compile(schema).validate(identity, profile);
        expect(JSON.stringify(results[i])).toBe(JSON.stringify(alone));
        expect(Object.keys(results[i] ?? {})).toEqual(['valid', 'errors', 'credentials', 'verifiable_addresses', 'recovery_addresses', 'traits', 'profile']);
      }
    }
  });

  it('runs the hooks of nodes reached through $ref (the derivation travels as ajv context)', () => {
    const withRef = {
      definitions: {
        address: { type: 'string', format: 'email', 'ory.sh/kratos': { credentials: { password: { identifier: true } }, recovery: { via: 'email' } } },
        contact: { type: 'object', properties: { email: { $ref: '#/definitions/address' } } },
      },
      type: 'object',
      properties: { traits: { type: 'object', properties: { contact: { $ref: '#/definitions/contact' } } } },
    };
    const result = createValidationEngine().compile(withRef).validate({ traits: { contact: { email: ' Ann@Example.com' } } });
    expect(result.credentials).toEqual({ password: { identifiers: ['ann@example.com'] } });
    expect(result.recovery_addresses).toEqual([{ value: 'ann@example.com', via: 'email' }]);
  });
});

describe('minLength/maxLength count code points, as Go counts runes, with or without the UTF-16 shortcut', () => {
  const engine = createValidationEngine();
  const schema = (limits: Record<string, number>) =>
    engine.compile({ type: 'object', properties: { traits: { type: 'object', properties: { v: { type: 'string', ...limits } } } } });
  const errors = (limits: Record<string, number>, v: string) => schema(limits).validate({ traits: { v } }).errors.map((e) => e.message);
  const pair = '\u{1F600}'; // one code point, two UTF-16 units

  it.each([
    [{ maxLength: 2 }, `${pair}${pair}`, []],
    [{ maxLength: 2 }, `${pair}${pair}${pair}`, ['length must be <= 2, but got 3']],
    [{ maxLength: 2 }, 'abc', ['length must be <= 2, but got 3']],
    [{ maxLength: 2 }, 'ab', []],
    [{ minLength: 2 }, pair, ['length must be >= 2, but got 1']],
    [{ minLength: 2 }, `a${pair}`, []],
    [{ minLength: 3 }, `${pair}${pair}`, ['length must be >= 3, but got 2']],
    [{ minLength: 2 }, 'a', ['length must be >= 2, but got 1']],
    [{ minLength: 1 }, '\uD800', []], // a lone surrogate is one code point
    [{ minLength: 2, maxLength: 2 }, `\uD800${pair}`, []],
  ] as const)('%o on %j', (limits, v, expected) => {
    expect(errors(limits, v)).toEqual(expected);
  });
});
