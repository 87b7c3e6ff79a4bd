import { describe, expect, it } from 'vitest';
import { lintSchema } from '../../../electron/services/schemas/index';

type Json = Record<string, unknown>;

/** A good e-mail identifier, as the presets have it; each case breaks one thing. */
const goodEmail = (): Json => ({
  type: 'string',
  format: 'email',
  minLength: 3,
  maxLength: 254,
  'ory.sh/kratos': {
    credentials: { password: { identifier: true } },
    verification: { via: 'email' },
    recovery: { via: 'email' },
  },
});

const schemaWith = (traits: Json, traitsExtra: Json = { additionalProperties: false }, root: Json = {}): Json => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  ...root,
  properties: { traits: { type: 'object', properties: traits, ...traitsExtra } },
});

const ruleIds = (schema: unknown): string[] => lintSchema(schema).map((f) => f.ruleId);
const findingsOf = (schema: unknown, ruleId: string) => lintSchema(schema).filter((f) => f.ruleId === ruleId);

const good = schemaWith({ email: goodEmail() });

describe('lintSchema', () => {
  it('reports nothing for a best-practice schema', () => {
    expect(lintSchema(good)).toEqual([]);
  });

  it('never throws on junk and reports a non-object or a schema without traits', () => {
    expect(ruleIds(null)).toEqual(['schema/not-object']);
    expect(ruleIds([1, 2])).toEqual(['schema/not-object']);
    expect(ruleIds({ type: 'object' })).toEqual(['schema/no-traits']);
  });

  it('traits/too-many: fires above 15 leaf traits, not at 15', () => {
    const many = (n: number): Json =>
      Object.fromEntries([['email', goodEmail()], ...Array.from({ length: n - 1 }, (_, i) => [`t${i}`, { type: 'string' }])]);
    expect(findingsOf(schemaWith(many(15)), 'traits/too-many')).toEqual([]);
    const [finding] = findingsOf(schemaWith(many(16)), 'traits/too-many');
    expect(finding).toMatchObject({ severity: 'warning', pointer: '#/properties/traits/properties' });
    expect(finding?.message).toContain('16 traits');
  });

  it('traits/sensitive: password, ssn, cardNumber, cvv, api_key fire; shipping, pinterest, secretary-like words do not', () => {
    const secrets = ['password', 'ssn', 'cardNumber', 'cvv', 'api_key', 'client_secret', 'social_security_number'];
    // Issue 17 §10: the catalogue's secret-looking names.
    const catalogue = ['apiKey', 'token', 'access_token', 'refreshToken', 'secret', 'card_number', 'credit_card', 'private_key', 'pin_code', 'user_password'];
    for (const name of [...secrets, ...catalogue]) {
      const f = findingsOf(schemaWith({ email: goodEmail(), [name]: { type: 'string' } }), 'traits/sensitive');
      expect(f, name).toHaveLength(1);
      expect(f[0]).toMatchObject({ severity: 'error', pointer: `#/properties/traits/properties/${name}` });
    }
    for (const name of ['pinterest_handle', 'nickname', 'discard_reason']) {
      expect(findingsOf(schemaWith({ email: goodEmail(), [name]: { type: 'string' } }), 'traits/sensitive'), name).toEqual([]);
    }
  });

  it('traits/unique-items-unbounded: uniqueItems without maxItems warns at the array; with maxItems it does not', () => {
    const tags = (extra: Json): Json => ({ type: 'array', uniqueItems: true, items: { type: 'object' }, ...extra });
    const [f] = findingsOf(schemaWith({ email: goodEmail(), tags: tags({}) }), 'traits/unique-items-unbounded');
    expect(f).toMatchObject({ severity: 'warning', pointer: '#/properties/traits/properties/tags' });
    expect(findingsOf(schemaWith({ email: goodEmail(), tags: tags({ maxItems: 50 }) }), 'traits/unique-items-unbounded')).toEqual([]);
    const combined = { type: 'array', allOf: [{ uniqueItems: true }] };
    expect(findingsOf(schemaWith({ email: goodEmail(), tags: combined }), 'traits/unique-items-unbounded')).toHaveLength(1);
  });

  it('traits/business-data: address, cart, orders, preferences fire; email_address does not', () => {
    for (const name of ['address', 'shopping_cart', 'orders', 'preferences', 'billingAddress']) {
      expect(findingsOf(schemaWith({ email: goodEmail(), [name]: { type: 'string' } }), 'traits/business-data'), name).toHaveLength(1);
    }
    expect(findingsOf(schemaWith({ email: goodEmail(), email_address: { type: 'string' } }), 'traits/business-data')).toEqual([]);
  });

  it('traits/authorization: a role trait fires once (not again for its array items)', () => {
    const f = findingsOf(schemaWith({ email: goodEmail(), roles: { type: 'array', items: { type: 'string' } } }), 'traits/authorization');
    expect(f).toHaveLength(1);
    expect(f[0]?.pointer).toBe('#/properties/traits/properties/roles');
    expect(findingsOf(good, 'traits/authorization')).toEqual([]);
  });

  it('identifier/none: fires without any credential identifier', () => {
    expect(ruleIds(schemaWith({ nickname: { type: 'string', maxLength: 20 } }))).toContain('identifier/none');
    expect(ruleIds(good)).not.toContain('identifier/none');
  });

  it('identifier/no-format and identifier/no-length: fire on a bare identifier; a pattern counts as format', () => {
    const bare = schemaWith({ username: { type: 'string', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } } });
    expect(ruleIds(bare)).toEqual(expect.arrayContaining(['identifier/no-format', 'identifier/no-length']));
    expect(findingsOf(bare, 'identifier/no-length')[0]?.message).toContain('minLength or maxLength');
    const patterned = schemaWith({
      username: {
        type: 'string',
        pattern: '^[a-z]+$',
        minLength: 3,
        maxLength: 30,
        'ory.sh/kratos': { credentials: { password: { identifier: true } } },
      },
    });
    expect(ruleIds(patterned)).not.toContain('identifier/no-format');
    expect(ruleIds(patterned)).not.toContain('identifier/no-length');
  });

  it('email/no-verification and email/no-recovery: fire on an e-mail identifier without them', () => {
    const email = goodEmail();
    email['ory.sh/kratos'] = { credentials: { password: { identifier: true } } };
    const ids = ruleIds(schemaWith({ email }));
    expect(ids).toContain('email/no-verification');
    expect(ids).toContain('email/no-recovery');
    expect(ruleIds(good)).not.toContain('email/no-verification');
    expect(ruleIds(good)).not.toContain('email/no-recovery');
  });

  it('identifier/username-only: info for a username without any recovery, silent with an e-mail', () => {
    const username = schemaWith({
      username: {
        type: 'string',
        pattern: '^[a-z]+$',
        minLength: 3,
        maxLength: 30,
        'ory.sh/kratos': { credentials: { password: { identifier: true } } },
      },
    });
    expect(findingsOf(username, 'identifier/username-only')).toEqual([expect.objectContaining({ severity: 'info' })]);
    expect(findingsOf(good, 'identifier/username-only')).toEqual([]);
  });

  it('traits/additional-properties: fires on open traits and nested objects', () => {
    const open = schemaWith({ email: goodEmail(), name: { type: 'object', properties: { first: { type: 'string' } } } }, {});
    const pointers = findingsOf(open, 'traits/additional-properties').map((f) => f.pointer);
    expect(pointers).toEqual(['#/properties/traits', '#/properties/traits/properties/name']);
    expect(findingsOf(good, 'traits/additional-properties')).toEqual([]);
  });

  it('pattern/not-re2: look-around and back-references fire, RE2 syntax does not', () => {
    const withPattern = (pattern: string) => schemaWith({ email: goodEmail(), code: { type: 'string', pattern } });
    expect(findingsOf(withPattern('^(?=.*[0-9])[a-z0-9]+$'), 'pattern/not-re2')).toEqual([
      expect.objectContaining({ severity: 'error', pointer: '#/properties/traits/properties/code/pattern' }),
    ]);
    expect(findingsOf(withPattern('^(a)\\1$'), 'pattern/not-re2')).toHaveLength(1);
    expect(findingsOf(withPattern('^[\\p{L} ]+$'), 'pattern/not-re2')).toEqual([]);
    const keyed = schemaWith({
      email: goodEmail(),
      extra: { type: 'object', additionalProperties: false, patternProperties: { '^(?!x)': {} } },
    });
    expect(findingsOf(keyed, 'pattern/not-re2')[0]?.pointer).toBe('#/properties/traits/properties/extra/patternProperties/^(?!x)');
  });

  it('pattern/not-re2: an "enum" value that is an object with a pattern key is data, not a regex', () => {
    expect(findingsOf(schemaWith({ email: goodEmail(), x: { enum: [{ pattern: '(?=' }] } }), 'pattern/not-re2')).toEqual([]);
  });

  it('extension/verification-as-recovery: recovery without verification fires (the docs mistake)', () => {
    const email = goodEmail();
    email['ory.sh/kratos'] = { credentials: { password: { identifier: true } }, recovery: { via: 'email' } };
    const ids = ruleIds(schemaWith({ email }));
    expect(ids).toContain('extension/verification-as-recovery');
    expect(ids).not.toContain('email/no-verification');
    expect(ruleIds(good)).not.toContain('extension/verification-as-recovery');
  });

  it('extension/misplaced: a misplaced key names where it belongs', () => {
    const email = goodEmail();
    email['ory.sh/kratos'] = {
      identifier: true,
      credentials: { password: { identifier: true }, verification: { via: 'email' } },
      recovery: { via: 'email' },
    };
    const f = findingsOf(schemaWith({ email }), 'extension/misplaced');
    expect(f.map((x) => x.pointer)).toEqual([
      '#/properties/traits/properties/email/ory.sh~1kratos/identifier',
      '#/properties/traits/properties/email/ory.sh~1kratos/credentials/verification',
    ]);
    expect(f[1]?.message).toContain('belongs under ory.sh/kratos');
    expect(findingsOf(good, 'extension/misplaced')).toEqual([]);
  });

  it('extension/outside-traits and extension/misspelled: fire outside traits / on a near-miss key', () => {
    const outside = schemaWith(
      { email: goodEmail() },
      { additionalProperties: false },
      { definitions: { unused: { 'ory.sh/kratos': { verification: { via: 'email' } } } } },
    );
    expect(findingsOf(outside, 'extension/outside-traits')[0]?.pointer).toBe('#/definitions/unused/ory.sh~1kratos');
    const misspelled = goodEmail();
    misspelled['ory.sh/Kratos'] = {};
    expect(ruleIds(schemaWith({ email: misspelled }))).toContain('extension/misspelled');
    expect(ruleIds(good)).not.toContain('extension/outside-traits');
  });

  it('follows in-document $ref to traits without looping on cycles', () => {
    const schema = {
      definitions: {
        email: goodEmail(),
        node: { type: 'object', additionalProperties: false, properties: { child: { $ref: '#/definitions/node' } } },
      },
      properties: {
        traits: {
          type: 'object',
          additionalProperties: false,
          properties: { email: { $ref: '#/definitions/email' }, tree: { $ref: '#/definitions/node' } },
        },
      },
    };
    expect(lintSchema(schema)).toEqual([]);
  });

  it('code/no-via: code.identifier without via is an error', () => {
    const email = goodEmail();
    email['ory.sh/kratos'] = { ...(email['ory.sh/kratos'] as Json), credentials: { code: { identifier: true } } };
    expect(findingsOf(schemaWith({ email }), 'code/no-via')).toEqual([
      expect.objectContaining({ severity: 'error', pointer: '#/properties/traits/properties/email/ory.sh~1kratos/credentials/code' }),
    ]);
    email['ory.sh/kratos'] = { ...(email['ory.sh/kratos'] as Json), credentials: { code: { identifier: true, via: 'email' } } };
    expect(findingsOf(schemaWith({ email }), 'code/no-via')).toEqual([]);
  });

  it('sms/no-format: sms verification without format is an error, with tel it is fine', () => {
    const phone = (format?: string): Json => ({
      type: 'string',
      ...(format ? { format } : {}),
      'ory.sh/kratos': { verification: { via: 'sms' } },
    });
    expect(findingsOf(schemaWith({ email: goodEmail(), phone: phone() }), 'sms/no-format')).toEqual([
      expect.objectContaining({ severity: 'error' }),
    ]);
    expect(findingsOf(schemaWith({ email: goodEmail(), phone: phone('email') }), 'sms/no-format')).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
    expect(findingsOf(schemaWith({ email: goodEmail(), phone: phone('tel') }), 'sms/no-format')).toEqual([]);
  });

  it('orders errors before warnings before info', () => {
    const schema = schemaWith(
      { username: { type: 'string', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } }, password: { type: 'string' } },
      {},
    );
    const order = lintSchema(schema).map((f) => f.severity);
    expect(order).toEqual([...order].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
    expect(order[0]).toBe('error');
  });
});
