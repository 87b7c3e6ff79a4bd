import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { displayName } from '../../../renderer/features/identity-browser/identity-view';
import { nameColumnShown, schemaHasName, schemasInScope } from '../../../renderer/features/identity-browser/name-column';

const preset = (id: string): unknown => JSON.parse(readFileSync(new URL(`../../../schemas/${id}.schema.json`, import.meta.url), 'utf8'));
const withTraits = (traits: unknown, extra: Record<string, unknown> = {}) => ({ type: 'object', properties: { traits }, ...extra });
const withName = (name: unknown) => withTraits({ type: 'object', properties: { email: { type: 'string' }, name } });

describe('the Name column', () => {
  it('is there for the presets with a name and not for the e-mail or username ones', () => {
    const ids = ['admin', 'company', 'customer', 'email-name-newsletter', 'email-password', 'username-password'];
    expect(ids.filter((id) => schemaHasName(preset(id)))).toEqual(['admin', 'company', 'customer', 'email-name-newsletter']);
  });

  it('recognises the shapes displayName reads, and only those', () => {
    const given = withName({ type: 'object', properties: { given: { type: 'string' }, family: { type: 'string' } } });
    expect(schemaHasName(given)).toBe(true);
    expect(displayName({ name: { given: 'Ada', family: 'Lovelace' } })).toBe('Ada Lovelace');
    expect(schemaHasName(withName({ type: ['string', 'null'] }))).toBe(true);
    expect(schemaHasName(withName({ type: 'object', properties: { nickname: { type: 'string' } } }))).toBe(false);
    expect(displayName({ name: { nickname: 'Ada' } })).toBeNull();
    expect(schemaHasName(withName({ type: 'integer' }))).toBe(false);
    expect(schemaHasName(withName({ type: 'object', properties: { first: { type: 'integer' } } }))).toBe(false);
    expect(schemaHasName(withTraits({ type: 'object', properties: { full_name: { type: 'string' } } }))).toBe(false);
    expect(schemaHasName(null)).toBe(false);
    expect(schemaHasName('{"properties":{}}')).toBe(false);
  });

  it('follows local $refs and combinator branches, and stops on cycles', () => {
    const viaRef = withTraits(
      { $ref: '#/definitions/traits' },
      {
        definitions: { traits: { type: 'object', properties: { name: { $ref: '#/$defs/name' } } } },
        $defs: { name: { properties: { last: { type: 'string' } } } },
      },
    );
    expect(schemaHasName(viaRef)).toBe(true);
    expect(
      schemaHasName(withTraits({ anyOf: [{ properties: { phone: { type: 'string' } } }, { properties: { name: { type: 'string' } } }] })),
    ).toBe(true);
    expect(schemaHasName(withTraits({ $ref: 'https://example.com/traits.json' }))).toBe(false);
    const cycle = withTraits(
      { $ref: '#/definitions/a' },
      { definitions: { a: { allOf: [{ $ref: '#/definitions/a' }, { $ref: '#/definitions/b' }] }, b: { $ref: '#/definitions/a' } } },
    );
    expect(schemaHasName(cycle)).toBe(false);
  });

  it('looks at the filtered schema, else at every schema that has identities', () => {
    const summaries = [
      { id: 'customer', identityCount: 0 },
      { id: 'username-password', identityCount: 12 },
      { id: 'email-name-newsletter', identityCount: 3 },
    ];
    expect(schemasInScope('', summaries)).toEqual(['username-password', 'email-name-newsletter']);
    expect(schemasInScope('customer', summaries)).toEqual(['customer']);
  });

  it('decides as soon as one schema in scope has a name, and waits while one that could still decide is loading', () => {
    const named = preset('email-name-newsletter');
    const unnamed = preset('username-password');
    expect(nameColumnShown(['a', 'b'], new Map([['a', unnamed]]))).toBeNull();
    expect(nameColumnShown(['a', 'b'], new Map([['b', named]]))).toBe(true);
    expect(
      nameColumnShown(
        ['a', 'b'],
        new Map([
          ['a', unnamed],
          ['b', undefined],
        ]),
      ),
    ).toBe(false);
    expect(nameColumnShown([], new Map())).toBe(false);
  });
});
