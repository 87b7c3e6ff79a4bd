import { describe, expect, it } from 'vitest';
import { escapeToken, formatPointer, isRecord, pointerTokens, unescapeToken } from '../../../shared/json';

describe('JSON objects and RFC 6901 pointers', () => {
  it('tells JSON objects from arrays, null and primitives', () => {
    expect([{}, { a: 1 }].every(isRecord)).toBe(true);
    expect([[], null, 'x', 1, undefined].some(isRecord)).toBe(false);
  });

  it('escapes ~ before / and unescapes ~1 before ~0', () => {
    expect(escapeToken('a/b~c')).toBe('a~1b~0c');
    expect(unescapeToken('~01')).toBe('~1');
    expect(unescapeToken(escapeToken('~1/~0'))).toBe('~1/~0');
    expect(formatPointer(['traits', 'a/b', 0])).toBe('#/traits/a~1b/0');
    expect(formatPointer(['x~y'], '')).toBe('/x~0y');
  });

  it('splits both pointer spellings into unescaped tokens', () => {
    expect(pointerTokens('#/traits/x~0y')).toEqual(['traits', 'x~y']);
    expect(pointerTokens('/a~1b/')).toEqual(['a/b', '']);
    expect(pointerTokens('#')).toEqual([]);
    expect(pointerTokens('')).toEqual([]);
  });
});
