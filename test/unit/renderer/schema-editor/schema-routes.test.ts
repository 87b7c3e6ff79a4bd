import { describe, expect, it } from 'vitest';
import { compareUrl, editUrl, identityUrl, newUrl, parseSchemaRoute } from '../../../../renderer/features/schema-editor/schema-routes';

const parse = (url: string) => {
  const u = new URL(url, 'http://local');
  return parseSchemaRoute(u.pathname, u.searchParams);
};

describe('schema editor URLs', () => {
  it('round-trips every screen', () => {
    expect(parse('/schemas')).toEqual({ kind: 'list' });
    expect(parse(editUrl('customer_v1'))).toEqual({ kind: 'edit', id: 'customer_v1', base: null });
    expect(parse(editUrl('customer_v1', 'customer_v0'))).toEqual({ kind: 'edit', id: 'customer_v1', base: 'customer_v0' });
    expect(parse(newUrl('email-password'))).toEqual({ kind: 'new', from: 'email-password', base: null });
    expect(parse(newUrl(null))).toEqual({ kind: 'new', from: null, base: null });
    expect(parse(compareUrl('a', 'b'))).toEqual({ kind: 'compare', from: 'a', to: 'b' });
  });

  it('keeps ids with URL characters in one segment', () => {
    for (const id of ['urn:kratos:user@v2', 'a+b~c', 'x.y']) expect(parse(editUrl(id))).toEqual({ kind: 'edit', id, base: null });
  });

  it('never mistakes a schema named like a screen for that screen', () => {
    for (const id of ['new', 'compare', 'edit']) expect(parse(editUrl(id))).toEqual({ kind: 'edit', id, base: null });
  });

  it('falls back to the list for paths it does not know', () => {
    expect(parse('/schemas/a/b')).toEqual({ kind: 'list' });
    expect(parse('/schemas/%E0%A4%A')).toEqual({ kind: 'list' });
    expect(parse('/schemas/edit')).toEqual({ kind: 'list' });
  });

  it('links to the identity browser’s detail route', () => {
    expect(identityUrl('0b7e/..')).toBe('/identities/0b7e%2F..');
  });
});
