import { describe, expect, it } from 'vitest';
import { goQuoteString, requiredNames } from '../../../shared/kratos/messages';

describe('requiredNames', () => {
  it('reads back every name a required message lists, however Go quoted it', () => {
    const names = ['email', 'name', 'a, "b"', 'back\\slash', 'tab\there', 'zoë', '\u0001', '😀', 'line\nbreak'];
    expect(requiredNames(`missing properties: ${names.map(goQuoteString).join(', ')}`)).toEqual(names);
    expect(requiredNames('missing properties: "email"')).toEqual(['email']);
  });

  it('is null for any other text', () => {
    expect(requiredNames('"x" is not valid "email"')).toBeNull();
    expect(requiredNames('missing properties: email')).toBeNull();
    expect(requiredNames('missing properties: "a" "b"')).toBeNull();
    expect(requiredNames('missing properties: "unterminated')).toBeNull();
    expect(requiredNames('missing properties: "bad \\q escape"')).toBeNull();
  });
});
