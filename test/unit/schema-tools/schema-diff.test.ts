import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffSchemas, type TraitChange } from '../../../shared/schema-tools/index';

const preset = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../schemas/${name}.schema.json`, import.meta.url), 'utf8')) as unknown;

const identity = (properties: Record<string, unknown>, traits: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { traits: { type: 'object', properties, ...traits } },
  ...extra,
});

const change = (kind: TraitChange['kind'], pointer: string, detail: string, breaking: boolean): TraitChange => ({
  kind,
  pointer,
  detail,
  breaking,
});

const passwordId = { credentials: { password: { identifier: true } } };

describe('diffSchemas', () => {
  it('finds nothing between a schema and itself, or the same schema written differently', () => {
    expect(diffSchemas(preset('customer'), preset('customer'))).toEqual({
      changes: [],
      unchanged: true,
      breaking: false,
      truncated: false,
    });
    const inline = identity({ email: { type: 'string', format: 'email', minLength: 3 } }, { required: ['email'] });
    const viaRef = identity(
      { email: { $ref: '#/definitions/email' } },
      { required: ['email'] },
      { definitions: { email: { minLength: 3, format: 'email', type: 'string', title: 'Titles do not matter' } } },
    );
    expect(diffSchemas(inline, viaRef).unchanged).toBe(true);
  });

  it('added: an optional trait is safe, a required one is breaking', () => {
    const before = identity({ email: { type: 'string' } });
    const after = identity(
      {
        email: { type: 'string' },
        nickname: { type: 'string' },
        age: { type: 'integer', 'ory.sh/kratos': {} },
        name: { type: 'object', properties: { first: { type: 'string' } } },
      },
      { required: ['age'] },
    );
    expect(diffSchemas(before, after)).toEqual({
      changes: [
        change('added', '#/traits/age', 'integer trait added (required)', true),
        change('added', '#/traits/name', 'object trait added', false),
        change('added', '#/traits/nickname', 'string trait added', false),
      ],
      unchanged: false,
      breaking: true,
      truncated: false,
    });
  });

  it('added: a new identifier says so in the detail', () => {
    const after = identity({ email: { type: 'string' }, phone: { type: 'string', 'ory.sh/kratos': passwordId } });
    expect(diffSchemas(identity({ email: { type: 'string' } }), after).changes).toEqual([
      change('added', '#/traits/phone', 'string trait added (password identifier)', false),
    ]);
  });

  it('removed: harmless while unknown keys are allowed, breaking once the parent is closed', () => {
    const before = identity({ email: { type: 'string' }, nickname: { type: 'string' }, name: { properties: { first: {}, last: {} } } });
    expect(diffSchemas(before, identity({ email: { type: 'string' }, name: { properties: { first: {} } } })).changes).toEqual([
      change('removed', '#/traits/name/last', 'untyped trait removed', false),
      change('removed', '#/traits/nickname', 'string trait removed', false),
    ]);
    const closed = identity({ email: { type: 'string' } }, { additionalProperties: false });
    expect(diffSchemas(before, closed).changes).toEqual([
      change('constraint-changed', '#/traits', 'additionalProperties false added', true),
      change('removed', '#/traits/name', 'object trait removed (stored values now fail additionalProperties false)', true),
      change('removed', '#/traits/nickname', 'string trait removed (stored values now fail additionalProperties false)', true),
    ]);
  });

  it('retyped: narrowing breaks, widening does not', () => {
    const d = diffSchemas(
      identity({ a: { type: 'string' }, b: { type: 'integer' }, c: { type: 'string' }, d: { type: ['string', 'null'] }, e: {} }),
      identity({
        a: { type: 'integer' },
        b: { type: 'number' },
        c: { type: ['null', 'string'] },
        d: { type: 'string' },
        e: { type: 'string' },
      }),
    );
    expect(d.changes).toEqual([
      change('retyped', '#/traits/a', 'type string → integer', true),
      change('retyped', '#/traits/b', 'type integer → number', false),
      change('retyped', '#/traits/c', 'type string → null|string', false),
      change('retyped', '#/traits/d', 'type null|string → string', true),
      change('retyped', '#/traits/e', 'type untyped → string', true),
    ]);
  });

  it('required-added and required-removed, nested too', () => {
    const before = identity(
      { a: { type: 'string' }, name: { type: 'object', properties: { first: { type: 'string' } }, required: ['first'] } },
      { required: ['a'] },
    );
    const after = identity(
      { a: { type: 'string' }, name: { type: 'object', properties: { first: { type: 'string' } } } },
      { required: ['name'] },
    );
    expect(diffSchemas(before, after).changes).toEqual([
      change('required-removed', '#/traits/a', 'no longer required', false),
      change('required-added', '#/traits/name', 'now required', true),
      change('required-removed', '#/traits/name/first', 'no longer required', false),
    ]);
  });

  it('format-changed: a checked format breaks; no-validate, unknown names and removal do not', () => {
    const d = diffSchemas(
      identity({
        a: { type: 'string' },
        b: { type: 'string', format: 'email' },
        c: { type: 'string', format: 'email' },
        d: { type: 'string' },
        e: { format: 'email' },
      }),
      identity({
        a: { type: 'string', format: 'email' },
        b: { type: 'string', format: 'no-validate' },
        c: { type: 'string' },
        d: { type: 'string', format: 'zip' },
        e: { format: 'tel' },
      }),
    );
    expect(d.changes).toEqual([
      change('format-changed', '#/traits/a', 'format "email" added', true),
      change('format-changed', '#/traits/b', 'format "email" → "no-validate"', false),
      change('format-changed', '#/traits/c', 'format "email" removed', false),
      change('format-changed', '#/traits/d', 'format "zip" added', false),
      change('format-changed', '#/traits/e', 'format "email" → "tel"', true),
    ]);
  });

  it('constraint-changed: tighter bounds break, looser ones do not', () => {
    const before = identity({
      a: { type: 'string', maxLength: 100, minLength: 1, pattern: '^a' },
      n: { type: 'integer', minimum: 0, maximum: 10 },
      plan: { enum: ['free', 'pro'] },
      tags: { type: 'array', items: { type: 'string', maxLength: 10 } },
    });
    const after = identity({
      a: { type: 'string', maxLength: 50, minLength: 0 },
      n: { type: 'integer', minimum: -5, maximum: 10, multipleOf: 2 },
      plan: { enum: ['team', 'free'] },
      tags: { type: 'array', maxItems: 3, items: { type: 'string', maxLength: 20, pattern: '^[a-z]+$' } },
    });
    expect(diffSchemas(before, after).changes).toEqual([
      change('constraint-changed', '#/traits/a', 'maxLength 100 → 50', true),
      change('constraint-changed', '#/traits/a', 'minLength 1 → 0', false),
      change('constraint-changed', '#/traits/a', 'pattern removed', false),
      change('constraint-changed', '#/traits/n', 'minimum 0 → -5', false),
      change('constraint-changed', '#/traits/n', 'multipleOf 2 added', true),
      change('constraint-changed', '#/traits/plan', 'enum changed (removed "pro"; added "team")', true),
      change('constraint-changed', '#/traits/tags', 'maxItems 3 added', true),
      change('constraint-changed', '#/traits/tags/*', 'maxLength 10 → 20', false),
      change('constraint-changed', '#/traits/tags/*', 'pattern added', true),
    ]);
  });

  it('constraint-changed: enum widening, pattern edits and additionalProperties opening', () => {
    const before = identity({
      plan: { enum: ['free'] },
      u: { type: 'string', pattern: '^a' },
      o: { type: 'object', additionalProperties: false },
    });
    const after = identity({
      plan: { enum: ['free', 'pro'] },
      u: { type: 'string', pattern: '^b' },
      o: { type: 'object', additionalProperties: true },
    });
    expect(diffSchemas(before, after).changes).toEqual([
      change('constraint-changed', '#/traits/o', 'additionalProperties false → true', false),
      change('constraint-changed', '#/traits/plan', 'enum changed (added "pro")', false),
      change('constraint-changed', '#/traits/u', 'pattern changed', true),
    ]);
  });

  it('extension-gained and extension-lost for every ory.sh/kratos setting', () => {
    const before = identity({
      email: {
        type: 'string',
        'ory.sh/kratos': { verification: { via: 'email' }, credentials: { code: { identifier: true, via: 'email' } } },
      },
      phone: { type: 'string', 'ory.sh/kratos': { recovery: { via: 'sms' }, credentials: { webauthn: { identifier: true } } } },
    });
    const after = identity({
      email: {
        type: 'string',
        'ory.sh/kratos': {
          verification: { via: 'sms' },
          credentials: { password: { identifier: true }, code: { identifier: true, via: 'sms' }, passkey: { display_name: true } },
          organizations: { matcher: 'email_domain' },
        },
      },
      phone: { type: 'string', 'ory.sh/kratos': { credentials: { totp: { account_name: true } } } },
    });
    expect(diffSchemas(before, after).changes).toEqual([
      change('extension-gained', '#/traits/email', 'code identifier via sms gained', true),
      change('extension-gained', '#/traits/email', 'organizations matcher email_domain gained', false),
      change('extension-gained', '#/traits/email', 'passkey display name gained', false),
      change('extension-gained', '#/traits/email', 'password identifier gained', true),
      change('extension-gained', '#/traits/email', 'verification via sms gained', true),
      change('extension-lost', '#/traits/email', 'code identifier via email lost', false),
      change('extension-lost', '#/traits/email', 'verification via email lost', false),
      change('extension-gained', '#/traits/phone', 'TOTP account name gained', false),
      change('extension-lost', '#/traits/phone', 'WebAuthn identifier lost', false),
      change('extension-lost', '#/traits/phone', 'recovery via sms lost', false),
    ]);
  });

  it('follows $refs on both sides and reports at the identity pointer', () => {
    const before = identity(
      { name: { $ref: '#/definitions/name' } },
      {},
      { definitions: { name: { type: 'object', properties: { first: { type: 'string', maxLength: 100 } } } } },
    );
    const after = identity(
      { name: { $ref: '#/$defs/person' } },
      {},
      { $defs: { person: { type: 'object', properties: { first: { type: 'string', maxLength: 50 } } } } },
    );
    expect(diffSchemas(before, after).changes).toEqual([change('constraint-changed', '#/traits/name/first', 'maxLength 100 → 50', true)]);
  });

  it('compares two presets trait by trait', () => {
    expect(diffSchemas(preset('email-password'), preset('email-name-newsletter')).changes).toEqual([
      change('added', '#/traits/name', 'object trait added', false),
      change('added', '#/traits/newsletter', 'boolean trait added', false),
    ]);
    expect(diffSchemas(preset('email-password'), preset('username-password'))).toEqual({
      changes: [
        change('removed', '#/traits/email', 'string trait removed (stored values now fail additionalProperties false)', true),
        change('added', '#/traits/username', 'string trait added (required; password identifier)', true),
      ],
      unchanged: false,
      breaking: true,
      truncated: false,
    });
  });

  it('treats a missing traits schema as having no traits, and never throws', () => {
    expect(diffSchemas(null, undefined)).toEqual({ changes: [], unchanged: true, breaking: false, truncated: false });
    expect(diffSchemas({}, preset('email-password')).changes).toEqual([change('added', '#/traits', 'object trait added', false)]);
    expect(diffSchemas(preset('email-password'), 'nonsense').changes).toEqual([
      change('removed', '#/traits', 'object trait removed', false),
    ]);
  });

  it('is deterministic and independent of key order', () => {
    const a = identity({ x: { type: 'string', maxLength: 5 }, y: { type: 'string' } }, { required: ['x', 'y'] });
    const b = identity({ y: { minLength: 2, type: 'integer' }, x: { type: 'integer' } }, { required: ['y'] });
    const b2 = identity({ x: { type: 'integer' }, y: { type: 'integer', minLength: 2 } }, { required: ['y'] });
    expect(diffSchemas(a, b)).toEqual(diffSchemas(a, b2));
    expect(diffSchemas(a, b).changes.map((c) => `${c.pointer} ${c.kind}`)).toEqual([
      '#/traits/x retyped',
      '#/traits/x required-removed',
      '#/traits/x constraint-changed',
      '#/traits/y retyped',
      '#/traits/y constraint-changed',
    ]);
  });

  it('never throws on hand-built values JSON cannot hold (object cycles, BigInt)', () => {
    const loop: Record<string, unknown> = { type: 'object' };
    loop['properties'] = { self: loop };
    const before = identity({ n: { type: 'integer', const: 1n }, loop });
    const after = identity({ n: { type: 'integer', const: 2n }, loop });
    expect(diffSchemas(before, after).changes).toEqual([change('constraint-changed', '#/traits/n', 'const changed', true)]);
    expect(diffSchemas(before, after).truncated).toBe(true);
  });

  it('survives $ref cycles', () => {
    const tree = (max: number) =>
      identity(
        { root: { $ref: '#/definitions/node' } },
        {},
        {
          definitions: {
            node: { type: 'object', properties: { v: { type: 'string', maxLength: max }, next: { $ref: '#/definitions/node' } } },
          },
        },
      );
    expect(diffSchemas(tree(10), tree(5)).changes).toEqual([change('constraint-changed', '#/traits/root/v', 'maxLength 10 → 5', true)]);
  });
});
