import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineColAt, parseJsonText, pointerAtOffset, rangeAtPointer } from '../../../shared/schema-tools/index';
import { identityPointerForSchemaPointer } from '../../../shared/schema-tools/pointers';

const preset = readFileSync(new URL('../../../schemas/customer.schema.json', import.meta.url), 'utf8');

/** The text a range covers, so assertions read as the characters the editor would highlight. */
const covered = (text: string, pointer: string, preferKey?: boolean): string | null => {
  const range = rangeAtPointer(text, pointer, preferKey === undefined ? {} : { preferKey });
  return range ? text.slice(range.from, range.to) : null;
};

describe('parseJsonText', () => {
  it('parses strict JSON to the same value JSON.parse gives', () => {
    expect(parseJsonText('{"a": [1, true, null, "x"], "__proto__": 1}')).toEqual({
      value: JSON.parse('{"a": [1, true, null, "x"], "__proto__": 1}'),
      problems: [],
    });
    expect(parseJsonText(preset).value).toEqual(JSON.parse(preset));
  });

  it('puts a missing comma at the end of line 3, where the comma belongs', () => {
    const text = '{\n  "a": 1,\n  "b": 2\n  "c": 3\n}';
    expect(parseJsonText(text)).toEqual({
      value: undefined,
      problems: [{ message: 'Expected a comma or closing brace', from: 20, to: 26, line: 3, column: 9 }],
    });
  });

  it('says bracket inside an array', () => {
    expect(parseJsonText('[1\n 2]').problems).toEqual([
      { message: 'Expected a comma or closing bracket', from: 2, to: 5, line: 1, column: 3 },
    ]);
  });

  it('reports a trailing comma at the comma, in objects and arrays', () => {
    expect(parseJsonText('{\n  "a": 1,\n}').problems).toEqual([
      { message: 'Trailing commas are not allowed in JSON', from: 10, to: 11, line: 2, column: 9 },
    ]);
    expect(parseJsonText('[1, 2, ]').problems).toEqual([
      { message: 'Trailing commas are not allowed in JSON', from: 5, to: 6, line: 1, column: 6 },
    ]);
  });

  it('reports every comment, line and block, even where the rest is valid', () => {
    const text = '// top\n{\n  "a": /* inline */ 1\n}';
    expect(parseJsonText(text)).toEqual({
      value: undefined,
      problems: [
        { message: 'Comments are not allowed in JSON', from: 0, to: 6, line: 1, column: 1 },
        { message: 'Comments are not allowed in JSON', from: 16, to: 28, line: 3, column: 8 },
      ],
    });
  });

  it('reports empty and blank text as an unexpected end', () => {
    expect(parseJsonText('')).toEqual({
      value: undefined,
      problems: [{ message: 'Unexpected end of text', from: 0, to: 0, line: 1, column: 1 }],
    });
    expect(parseJsonText('  \n ').problems).toEqual([{ message: 'Unexpected end of text', from: 4, to: 4, line: 2, column: 2 }]);
  });

  it('reports truncated text with what was still open', () => {
    expect(parseJsonText('{"a": [1, 2').problems).toEqual([
      { message: 'Unexpected end of text: expected a closing bracket', from: 11, to: 11, line: 1, column: 12 },
    ]);
    expect(parseJsonText('{"a": 1').problems).toEqual([
      { message: 'Unexpected end of text: expected a closing brace', from: 7, to: 7, line: 1, column: 8 },
    ]);
  });

  it('reports only the first syntax error, not the parser recovery echoes after it', () => {
    expect(parseJsonText('{"a": "x\n"}').problems).toEqual([
      { message: 'Unterminated string: a line break in a string must be written as \\n', from: 6, to: 8, line: 1, column: 7 },
    ]);
  });

  it.each([
    ["{'a': 1}", 'Strings must use double quotes', 1],
    ['{"a": tru}', 'Unexpected text "tru"', 6],
    ['{"a" 1}', 'Expected a colon after the property name', 5],
    ['{} []', 'Unexpected text after the JSON value', 3],
    ['\ufeff{}', 'Unexpected byte order mark', 0],
    ['{"a": "\\q"}', 'Invalid escape sequence in string', 6],
    ['{"a": 1.}', 'Invalid number', 6],
  ])('%j → %s', (text, message, from) => {
    const [problem, ...rest] = parseJsonText(text).problems;
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ message, from, line: 1, column: from + 1 });
  });

  it('counts lines across \\r\\n and lone \\r as one break each', () => {
    const text = '{\r\n"a": 1,\r"b" 2}';
    expect(parseJsonText(text).problems).toEqual([
      { message: 'Expected a colon after the property name', from: 15, to: 16, line: 3, column: 5 },
    ]);
  });
});

describe('lineColAt', () => {
  it('is 1-based and clamps to the text', () => {
    expect(lineColAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColAt('ab\ncd', 3)).toEqual({ line: 2, column: 1 });
    expect(lineColAt('ab\ncd', 5)).toEqual({ line: 2, column: 3 });
    expect(lineColAt('ab\ncd', 99)).toEqual({ line: 2, column: 3 });
    expect(lineColAt('ab\ncd', -4)).toEqual({ line: 1, column: 1 });
  });

  it('counts UTF-16 code units, like CodeMirror', () => {
    expect(lineColAt('"😀x"', 3)).toEqual({ line: 1, column: 4 });
  });
});

describe('rangeAtPointer', () => {
  it('finds the key of a nested trait in every pointer spelling', () => {
    for (const pointer of ['#/properties/traits/properties/phone', '/properties/traits/properties/phone']) {
      expect(covered(preset, pointer)).toBe('"phone"');
    }
  });

  it('returns the value instead of the key when asked', () => {
    expect(covered(preset, '#/properties/traits/properties/phone/format', false)).toBe('"tel"');
    expect(covered(preset, '#/properties/traits/required/0', false)).toBe('"email"');
  });

  it('unescapes ~1 and ~0 (the ory.sh/kratos key)', () => {
    expect(covered(preset, '#/properties/traits/properties/phone/ory.sh~1kratos/verification/via', false)).toBe('"sms"');
    const text = '{"a~b": {"c/d": 1}}';
    expect(rangeAtPointer(text, '/a~0b/c~1d')).toEqual({ from: 9, to: 14, exact: true });
  });

  it('percent-decodes # pointers, and still finds names that contain a literal %', () => {
    const text = '{"properties": {"first name": {"type": "string"}, "100%": {"type": "number"}}}';
    expect(covered(text, '#/properties/first%20name/type', false)).toBe('"string"');
    expect(covered(text, '#/properties/100%/type', false)).toBe('"number"');
    expect(covered(text, '#/properties/100%25/type', false)).toBe('"number"');
  });

  it('falls back to the closest existing ancestor of a missing pointer', () => {
    const range = rangeAtPointer(preset, '#/properties/traits/properties/phone/ory.sh~1kratos/recovery/via');
    expect(range?.exact).toBe(false);
    expect(preset.slice(range?.from, range?.to)).toBe('"ory.sh/kratos"');
    expect(covered(preset, '#/properties/traits/properties/nickname')).toBe('"properties"');
  });

  it('gives the whole document for the root pointer', () => {
    const text = ' {"a": 1} ';
    for (const pointer of ['', '#']) expect(rangeAtPointer(text, pointer)).toEqual({ from: 1, to: 9, exact: true });
  });

  it('indexes arrays and refuses non-numeric array tokens', () => {
    const text = '{"enum": ["free", "pro"]}';
    expect(covered(text, '/enum/1', false)).toBe('"pro"');
    expect(rangeAtPointer(text, '/enum/x')).toEqual({ from: 1, to: 7, exact: false });
    expect(rangeAtPointer(text, '/enum/01')?.exact).toBe(false);
  });

  it('still locates in text that does not fully parse, and is null only with no JSON value', () => {
    expect(covered('{"a": {"b": 1,}', '/a/b', false)).toBe('1');
    expect(rangeAtPointer('', '#/a')).toBeNull();
    expect(rangeAtPointer('   ', '#')).toBeNull();
  });
});

describe('pointerAtOffset', () => {
  it('names the innermost node at the cursor, escaping / in keys', () => {
    expect(pointerAtOffset(preset, preset.indexOf('"sms"') + 2)).toBe(
      '#/properties/traits/properties/phone/ory.sh~1kratos/verification/via',
    );
    expect(pointerAtOffset(preset, preset.indexOf('"First name"') + 1)).toBe('#/properties/traits/properties/name/properties/first/title');
  });

  it('gives the property for a cursor on its key, the container in whitespace, the root outside', () => {
    const text = '{ "a": { "b": [10, 20] } }';
    expect(pointerAtOffset(text, text.indexOf('"b"') + 1)).toBe('#/a/b');
    expect(pointerAtOffset(text, text.indexOf('20'))).toBe('#/a/b/1');
    expect(pointerAtOffset(text, 1)).toBe('#');
    expect(pointerAtOffset('', 0)).toBeNull();
  });

  it('maps to the trait the cursor is in', () => {
    const pointer = pointerAtOffset(preset, preset.indexOf('"First name"') + 1) ?? '';
    expect(identityPointerForSchemaPointer(pointer)).toBe('#/traits/name/first');
    expect(identityPointerForSchemaPointer('#/properties/traits/properties/tags/items/properties/x')).toBe('#/traits/tags/*/x');
    expect(identityPointerForSchemaPointer('#/properties/traits')).toBe('#/traits');
    expect(identityPointerForSchemaPointer('#/definitions/name')).toBeNull();
  });
});
