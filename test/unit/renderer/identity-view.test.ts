import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/domain/identity';
import {
  displayName,
  issuesToFieldErrors,
  parseMetadata,
  identityLabel,
  traitsFormSchema,
} from '../../../renderer/features/identity-browser/identity-view';

const identity = (over: Partial<Identity>): Pick<Identity, 'id' | 'credentials' | 'verifiable_addresses' | 'recovery_addresses'> => ({
  id: '11111111-1111-1111-1111-111111111111',
  credentials: {},
  verifiable_addresses: [],
  recovery_addresses: [],
  ...over,
});

describe('identity view helpers', () => {
  it('shows the primary identifier the list sorts by, else the id', () => {
    const cred = (identifiers: string[]) => ({ type: 'x', identifiers, version: 0, created_at: '', updated_at: '' });
    const address = { id: 'a', value: 'addr@example.com', verified: false, via: 'email' as const, status: 'pending' as const, created_at: '', updated_at: '' };
    expect(identityLabel(identity({ credentials: { webauthn: cred(['w@example.com']), password: cred(['p@example.com']) } }))).toBe('p@example.com');
    expect(identityLabel(identity({ credentials: { webauthn: cred(['w']), code: cred(['c']) } }))).toBe('c');
    expect(identityLabel(identity({ credentials: { password: cred([]) }, verifiable_addresses: [address] }))).toBe('addr@example.com');
    expect(identityLabel(identity({ recovery_addresses: [{ id: 'r', value: 'rec@example.com', via: 'email', created_at: '', updated_at: '' }] }))).toBe('rec@example.com');
    expect(identityLabel(identity({}))).toBe('11111111-1111-1111-1111-111111111111');
  });

  it('reads names in the common trait shapes', () => {
    expect(displayName({ name: { first: 'Ada', last: 'Lovelace' } })).toBe('Ada Lovelace');
    expect(displayName({ name: 'Grace Hopper' })).toBe('Grace Hopper');
    expect(displayName({ email: 'x@y.z' })).toBeNull();
    expect(displayName(null)).toBeNull();
  });

  it('places Kratos issues on the form fields under #/traits, unescaping RFC 6901', () => {
    const mapped = issuesToFieldErrors([
      { pointer: '#/traits/email', keyword: 'format', message: '"x" is not valid "email"' },
      { pointer: '#/traits/name/first', keyword: 'minLength', message: 'length must be >= 1, but got 0' },
      { pointer: '#/traits', keyword: 'required', message: 'missing properties: "email"' },
      { pointer: '#/traits/name', keyword: 'required', message: 'missing properties: "first", "a \\"b\\""' },
      { pointer: '#/traits/a~1b', keyword: 'type', message: 'expected string, but got number' },
      { pointer: '#/traits', keyword: 'additionalProperties', message: 'additionalProperties "x" not allowed' },
      { pointer: '#/state', keyword: 'enum', message: 'state must be active or inactive' },
    ]);
    expect(mapped.fields).toEqual({
      // A required error sits under each missing field, worded as Kratos words it for that one property.
      email: { __errors: ['"x" is not valid "email"', 'missing properties: "email"'] },
      name: {
        first: { __errors: ['length must be >= 1, but got 0', 'missing properties: "first"'] },
        'a "b"': { __errors: ['missing properties: "a \\"b\\""'] },
      },
      'a/b': { __errors: ['expected string, but got number'] },
      // A property that is not allowed has no field of its own: its object says so.
      __errors: ['additionalProperties "x" not allowed'],
    });
    expect(mapped.other.map((i) => i.pointer)).toEqual(['#/state']);
  });

  it('builds the form from the traits subtree and keeps local definitions', () => {
    const body = {
      $id: 'https://x/y.json',
      $schema: 'http://json-schema.org/draft-07/schema#',
      definitions: { tel: { type: 'string' } },
      properties: { traits: { type: 'object', properties: { phone: { $ref: '#/definitions/tel' } } } },
    };
    expect(traitsFormSchema(body)).toEqual({ type: 'object', properties: { phone: { $ref: '#/definitions/tel' } }, definitions: { tel: { type: 'string' } } });
    expect(traitsFormSchema('nonsense')).toEqual({ type: 'object' });
  });

  it('parses metadata text, empty meaning null', () => {
    expect(parseMetadata('')).toEqual({ ok: true, value: null });
    expect(parseMetadata('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseMetadata('{a:1}').ok).toBe(false);
  });
});
